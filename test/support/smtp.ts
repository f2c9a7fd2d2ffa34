// A real SMTP server on loopback (smtp-server) that keeps what it receives, decoded: the tests
// read subject, text and HTML as a mail client would. It can refuse recipients (a 550 bounce),
// answer with a temporary error, or be stopped and started again on the same port (an outage).
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export type ReceivedEmail = { from: string; to: string[]; subject: string; text: string; html: string; headers: Map<string, string>; raw: string };

export type TestSmtpServer = {
  port: number;
  url: string;
  received: ReceivedEmail[];
  /** recipients the server refuses at RCPT TO with this reply code (e.g. 550 "no such user") */
  refuse: Map<string, number>;
  /** stops listening (connections refused) until start() */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
};

/** RFC 2047 encoded words (=?UTF-8?B?…?= and =?UTF-8?Q?…?=), adjacent ones joined. */
export function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _charset: string, enc: string, data: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
    );
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.replace(/\r\n[ \t]+/g, ' ').split(/\r\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return headers;
}

function decodeBody(body: string, encoding: string | undefined): string {
  switch ((encoding ?? '7bit').toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable':
      return Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
    default:
      return Buffer.from(body, 'latin1').toString('utf8');
  }
}

/** The text/plain and text/html parts of a message (multipart/alternative or a single part). */
export function parseMessage(raw: string): Omit<ReceivedEmail, 'from' | 'to' | 'raw'> {
  const split = raw.indexOf('\r\n\r\n');
  const headers = parseHeaders(raw.slice(0, split));
  const body = raw.slice(split + 4);
  const parts: { type: string; content: string }[] = [];
  const walk = (h: Map<string, string>, b: string) => {
    const type = h.get('content-type') ?? 'text/plain';
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (/^multipart\//i.test(type) && boundary) {
      for (const chunk of b.split(`--${boundary}`).slice(1)) {
        if (chunk.startsWith('--')) break;
        const s = chunk.replace(/^\r\n/, '');
        const at = s.indexOf('\r\n\r\n');
        walk(parseHeaders(s.slice(0, at)), s.slice(at + 4).replace(/\r\n$/, ''));
      }
    } else {
      parts.push({ type: type.split(';')[0]!.toLowerCase(), content: decodeBody(b, h.get('content-transfer-encoding')) });
    }
  };
  walk(headers, body);
  return {
    subject: decodeHeader(headers.get('subject') ?? ''),
    text: parts.find((p) => p.type === 'text/plain')?.content.replace(/\r\n/g, '\n') ?? '',
    html: parts.find((p) => p.type === 'text/html')?.content.replace(/\r\n/g, '\n') ?? '',
    headers,
  };
}

/** Starts the server on 127.0.0.1 and an ephemeral port. */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedEmail[] = [];
  const refuse = new Map<string, number>();
  const make = () =>
    new SMTPServer({
      authOptional: true,
      // An outage in a test: connections are cut at once, not after the default 30 s.
      closeTimeout: 100,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo(address, _session, callback) {
        const code = refuse.get(address.address.toLowerCase());
        if (code) return callback(Object.assign(new Error(code >= 500 ? 'No such user here' : 'Try again later'), { responseCode: code }));
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('latin1');
          // smtp-server hands over the bytes as sent; parse as UTF-8 after undoing the latin1 read
          const utf8 = Buffer.from(raw, 'latin1').toString('utf8');
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: utf8,
            ...parseMessage(raw),
          });
          callback();
        });
      },
    });
  let server = make();
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const port = (server.server.address() as AddressInfo).port;
  let listening = true;
  const stop = async () => {
    if (!listening) return;
    listening = false;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuse,
    stop,
    async start() {
      if (listening) return;
      server = make();
      server.listen(port, '127.0.0.1');
      await once(server.server, 'listening');
      listening = true;
    },
    close: stop,
  };
}
