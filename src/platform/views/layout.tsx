// The page frame shared by public and staff pages: GOV.GR header and footer, skip link,
// language switcher, and the title and `lang` of the page's language. No script is loaded.
import type { PropsWithChildren } from '@kitajs/html';
import { LANGUAGE_NAMES, LANGUAGES, translator, type Lang } from '../i18n/index.js';
import { layoutMessages } from './layout.messages.js';

export type Contact = { web: string; phones: string[]; email: string; viber: string };

export type LayoutProps = PropsWithChildren<{
  lang: Lang;
  title: string;
  /** the request's path and query, to build the language links */
  url: string;
  contact: Contact;
  /** true when the page shows validation errors: the title says so first */
  hasErrors?: boolean;
  /** languages offered by the switcher (staff pages: Greek and English) */
  languages?: readonly Lang[];
  staff?: { name: string; csrf: string; nav: { href: string; label: string }[] };
}>;

/** `url` with `lang` set to `lang` (other query parameters kept). */
export function withLang(url: string, lang: Lang): string {
  const u = new URL(url, 'http://x');
  u.searchParams.set('lang', lang);
  return `${u.pathname}${u.search}`;
}

export function Layout(p: LayoutProps) {
  const t = translator(layoutMessages, p.lang);
  const title = `${p.hasErrors ? t('title_error_prefix') : ''}${p.title === t('service_name') ? p.title : `${p.title} – ${t('service_name')}`}`;
  const languages = p.languages ?? LANGUAGES;
  return (
    <>
      {'<!doctype html>'}
      <html lang={p.lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title safe>{title}</title>
          <link rel="stylesheet" href="/assets/css/digigov.css" />
          <link rel="stylesheet" href="/assets/css/prosfero.css" />
          <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
        </head>
        <body>
          <a href="#main" class="govgr-skip-link" safe>
            {t('skip_link')}
          </a>
          <div class="govgr-layout-wrapper">
            <header class="govgr-header">
              <div class="govgr-header__container">
                <div class="govgr-header__content">
                  <a href={p.staff ? '/staff' : '/'} class="govgr-header-link">
                    <span class="govgr-header-title" safe>
                      {t('service_name')}
                    </span>
                  </a>
                </div>
                <nav class="prosfero-languages" aria-label={t('language_nav')}>
                  <ul class="prosfero-inline-list">
                    {languages.map((l) =>
                      l === p.lang ? (
                        <li>
                          <span class="prosfero-current-language" aria-current="true" lang={l} safe>
                            {LANGUAGE_NAMES[l]}
                          </span>
                        </li>
                      ) : (
                        <li>
                          <a class="govgr-link prosfero-header-link" href={withLang(p.url, l)} lang={l} hreflang={l} safe>
                            {LANGUAGE_NAMES[l]}
                          </a>
                        </li>
                      ),
                    )}
                  </ul>
                </nav>
              </div>
              {p.staff ? (
                <nav class="prosfero-staff-nav" aria-label={t('staff_area')}>
                  <ul class="prosfero-inline-list">
                    {p.staff.nav.map((n) => (
                      <li>
                        <a class="govgr-link" href={n.href} safe>
                          {n.label}
                        </a>
                      </li>
                    ))}
                    <li>
                      <span safe>{p.staff.name}</span>
                    </li>
                    <li>
                      <form method="post" action="/staff/sign-out" class="prosfero-inline-form">
                        <input type="hidden" name="_csrf" value={p.staff.csrf} />
                        <button type="submit" class="govgr-btn-link" safe>
                          {t('sign_out')}
                        </button>
                      </form>
                    </li>
                  </ul>
                </nav>
              ) : (
                ''
              )}
            </header>
            <div class="govgr-width-container">
              <main id="main" class="govgr-main-wrapper prosfero-main" tabindex="-1">
                {p.children}
              </main>
            </div>
            <footer class="govgr-footer">
              <div class="govgr-width-container">
                <div class="govgr-footer__content">
                  <h2 class="govgr-heading-s" safe>
                    {t('footer_contact')}
                  </h2>
                  <ul class="govgr-footer__list">
                    <li class="govgr-footer__list-item">
                      <span safe>{`${t('footer_web')}: `}</span>
                      <a class="govgr-footer__link" href={p.contact.web} safe>
                        {p.contact.web}
                      </a>
                    </li>
                    <li class="govgr-footer__list-item">
                      <span safe>{`${t('footer_phone')}: `}</span>
                      {p.contact.phones.map((ph, i) => (
                        <>
                          {i > 0 ? ', ' : ''}
                          <a class="govgr-footer__link" href={`tel:${ph.replace(/[^+\d]/g, '')}`} safe>
                            {ph}
                          </a>
                        </>
                      ))}
                    </li>
                    <li class="govgr-footer__list-item">
                      <span safe>{`${t('footer_email')}: `}</span>
                      <a class="govgr-footer__link" href={`mailto:${p.contact.email}`} safe>
                        {p.contact.email}
                      </a>
                    </li>
                    <li class="govgr-footer__list-item">
                      <a class="govgr-footer__link" href={p.contact.viber} safe>
                        {t('footer_viber')}
                      </a>
                    </li>
                    <li class="govgr-footer__list-item">
                      <a class="govgr-footer__link" href="/privacy" safe>
                        {t('footer_privacy')}
                      </a>
                    </li>
                  </ul>
                  <p class="govgr-footer__licence-description" safe>
                    {t('footer_licence')}
                  </p>
                </div>
              </div>
            </footer>
          </div>
        </body>
      </html>
    </>
  );
}
