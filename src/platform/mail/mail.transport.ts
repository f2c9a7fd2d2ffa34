// How an email leaves: over SMTP (nodemailer, pooled connections), or — with no SMTP server
// configured, outside production — nowhere: the outbox row itself is what the development mailbox
// shows. Also how a failure is read: permanent (the recipient's server refused for good) or not.
import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Config } from '../../config.js';

export type OutgoingMessage = { from: string; to: string; subject: string; text: string; html: string; lang: string; outboxId: string };

export type MailTransport = {
  via: 'smtp' | 'mailbox';
  /** @returns the Message-ID the message was sent with. @throws the transport's error. */
  send(message: OutgoingMessage): Promise<{ messageId: string }>;
  close(): void;
};

function messageIdFor(from: string, outboxId: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'prosfero.localhost';
  // The outbox id in the Message-ID lets a bounce that comes back later be tied to its row.
  return `<outbox-${outboxId}.${randomBytes(6).toString('hex')}@${domain}>`;
}

/**
 * SMTP through nodemailer's pool: up to `connections` connections kept open, so a burst does not
 * pay a TCP and TLS handshake per email.
 * @param url smtp://[user:pass@]host:port (STARTTLS when offered) or smtps:// (TLS from the start)
 */
export function smtpTransport(url: string, connections: number): MailTransport {
  const transporter = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: connections,
    maxMessages: Infinity,
    // Fail a hung server well inside the outbox lease, so the row is retried, not stranded.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  return {
    via: 'smtp',
    async send(m) {
      const info = await transporter.sendMail({
        from: m.from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        messageId: messageIdFor(m.from, m.outboxId),
        headers: { 'Content-Language': m.lang, 'Auto-Submitted': 'auto-generated' },
      });
      return { messageId: info.messageId };
    },
    close: () => transporter.close(),
  };
}

/** Keeps emails in the outbox for the development mailbox page; nothing leaves the machine. */
export function mailboxTransport(): MailTransport {
  return {
    via: 'mailbox',
    send: async (m) => ({ messageId: messageIdFor(m.from, m.outboxId) }),
    close: () => {},
  };
}

/**
 * The transport the configuration asks for: SMTP when SMTP_URL is set; the development mailbox
 * when it is not, outside production; none in production without SMTP (emails then wait in the
 * outbox, undelivered but never lost, until SMTP_URL is set).
 */
export function configuredTransport(config: Config): MailTransport | null {
  if (config.mail.smtpUrl) return smtpTransport(config.mail.smtpUrl, config.mail.concurrency);
  return config.env === 'production' ? null : mailboxTransport();
}

/** Whether the development mailbox is on: no SMTP server configured, and not production. */
export function devMailboxEnabled(config: Config): boolean {
  return !config.mail.smtpUrl && config.env !== 'production';
}

export type FailureKind = 'permanent' | 'temporary';

/**
 * Reads a send error. Permanent: a 5xx reply (RFC 5321 §4.2.1) to RCPT TO or DATA, i.e. the
 * recipient's server refused this message for good (no such mailbox, rejected content); 503 is
 * a sequencing error, so temporary (nodemailer's rule). Everything else — connection refused or
 * lost, timeouts, 4xx replies, and 5xx replies to AUTH or MAIL FROM, which say our own account or
 * sender is wrong, not the offeror's address — is temporary and retried.
 */
export function classifyFailure(err: unknown): FailureKind {
  const e = err as { responseCode?: number; command?: string; code?: string };
  const code = e.responseCode ?? 0;
  if (code < 500 || code >= 600 || code === 503) return 'temporary';
  const command = (e.command ?? '').toUpperCase();
  if (command) return command.startsWith('RCPT') || command.startsWith('DATA') ? 'permanent' : 'temporary';
  return e.code === 'EENVELOPE' || e.code === 'EMESSAGE' ? 'permanent' : 'temporary';
}
