// Small form components that emit GOV.GR (`govgr-*`) markup, following GOV.UK Frontend's
// accessible patterns: every input has a label, hints and errors are tied to it with
// aria-describedby, groups of radios and checkboxes sit in a fieldset with a legend.
import type { PropsWithChildren } from '@kitajs/html';

/** A message for one field; `href` links elsewhere than `#field` (e.g. the page where it is changed). */
export type FieldError = { field: string; message: string; href?: string };

/** The first error for a field, if any. */
export function errorFor(errors: FieldError[] | undefined, field: string): string | undefined {
  return errors?.find((e) => e.field === field)?.message;
}

function describedBy(id: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

function ErrorMessage({ id, message, prefix }: { id: string; message?: string; prefix: string }) {
  if (!message) return '';
  return (
    <p id={`${id}-error`} class="govgr-error-message">
      <span class="govgr-visually-hidden" safe>{`${prefix}: `}</span>
      <span safe>{message}</span>
    </p>
  );
}

/**
 * The summary at the top of a page that failed validation: focusable, announced as an alert,
 * each message a link to its field (GOV.UK error summary pattern).
 */
export function ErrorSummary({ errors, title }: { errors: FieldError[] | undefined; title: string }) {
  if (!errors || errors.length === 0) return '';
  return (
    <div class="govgr-error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" id="error-summary">
      <h2 class="govgr-heading-m" id="error-summary-title" safe>
        {title}
      </h2>
      <ul class="govgr-list">
        {errors.map((e) => (
          <li>
            <a class="govgr-link" href={e.href ?? `#${e.field}`} safe>
              {e.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

type InputProps = {
  name: string;
  label: string;
  value?: string | null;
  hint?: string;
  error?: string;
  errorPrefix: string;
  type?: 'text' | 'email' | 'tel' | 'url' | 'password';
  autocomplete?: string;
  inputmode?: 'numeric' | 'decimal' | 'text' | 'email' | 'tel';
  width?: '2' | '3' | '4' | '5' | '10' | '20';
  maxlength?: number;
  spellcheck?: boolean;
  headingLabel?: boolean;
  required?: boolean;
};

export function TextInput(p: InputProps) {
  const id = p.name;
  return (
    <div class={p.error ? 'govgr-field govgr-field__error' : 'govgr-field'}>
      <label class="govgr-label" for={id}>
        <span class="govgr-body" safe>{p.label}</span>
      </label>
      {/* Hint and error sit outside the label (GOV.UK pattern): aria-describedby reads them once,
          and the field's accessible name stays its label. */}
      {p.hint ? (
        <div class="govgr-hint" id={`${id}-hint`} safe>
          {p.hint}
        </div>
      ) : (
        ''
      )}
      <ErrorMessage id={id} message={p.error} prefix={p.errorPrefix} />
      <input
        class={`govgr-input${p.width ? ` govgr-input--width-${p.width}` : ''}${p.error ? ' govgr-error-input' : ''}`}
        id={id}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.value ?? ''}
        autocomplete={p.autocomplete}
        inputmode={p.inputmode}
        maxlength={p.maxlength}
        spellcheck={p.spellcheck === undefined ? undefined : p.spellcheck ? 'true' : 'false'}
        aria-describedby={describedBy(id, p.hint, p.error)}
        aria-invalid={p.error ? 'true' : undefined}
      />
    </div>
  );
}

export function TextArea(p: Omit<InputProps, 'type' | 'width' | 'inputmode'> & { rows?: number }) {
  const id = p.name;
  return (
    <div class={p.error ? 'govgr-field govgr-field__error' : 'govgr-field'}>
      <label class="govgr-label" for={id}>
        <span class="govgr-body" safe>{p.label}</span>
      </label>
      {/* Hint and error sit outside the label (GOV.UK pattern): aria-describedby reads them once,
          and the field's accessible name stays its label. */}
      {p.hint ? (
        <div class="govgr-hint" id={`${id}-hint`} safe>
          {p.hint}
        </div>
      ) : (
        ''
      )}
      <ErrorMessage id={id} message={p.error} prefix={p.errorPrefix} />
      <textarea
        class={`govgr-textarea${p.error ? ' govgr-error-input' : ''}`}
        id={id}
        name={p.name}
        rows={String(p.rows ?? 4)}
        maxlength={p.maxlength}
        aria-describedby={describedBy(id, p.hint, p.error)}
        aria-invalid={p.error ? 'true' : undefined}
        safe
      >
        {p.value ?? ''}
      </textarea>
    </div>
  );
}

/** `lang`: the label's language when it differs from the page's (a language's own name), WCAG 3.1.2. */
export type Option = { value: string; label: string; hint?: string; lang?: string };

type GroupProps = {
  name: string;
  legend: string;
  options: Option[];
  hint?: string;
  error?: string;
  errorPrefix: string;
  inline?: boolean;
  /** the legend is the page's heading (one question per page) */
  pageHeading?: boolean;
};

function Fieldset(p: PropsWithChildren<{ name: string; legend: string; hint?: string; error?: string; errorPrefix: string; pageHeading?: boolean }>) {
  return (
    <div class={p.error ? 'govgr-field govgr-field__error' : 'govgr-field'}>
      <fieldset class="govgr-fieldset" aria-describedby={describedBy(p.name, p.hint, p.error)}>
        <legend class={p.pageHeading ? 'govgr-fieldset__legend govgr-heading-l' : 'govgr-fieldset__legend govgr-heading-s'}>
          {p.pageHeading ? <h1 class="govgr-heading-l govgr-mb-0" safe>{p.legend}</h1> : <span safe>{p.legend}</span>}
        </legend>
        {p.hint ? (
          <p class="govgr-hint" id={`${p.name}-hint`} safe>
            {p.hint}
          </p>
        ) : (
          ''
        )}
        <ErrorMessage id={p.name} message={p.error} prefix={p.errorPrefix} />
        {p.children}
      </fieldset>
    </div>
  );
}

/** Radios. The first input carries the field's id, so the error summary's link lands on it. */
export function Radios(p: GroupProps & { value?: string | null }) {
  return (
    <Fieldset {...p}>
      <div class={p.inline ? 'govgr-radios govgr-radios--inline' : 'govgr-radios'}>
        {p.options.map((o, i) => {
          const id = i === 0 ? p.name : `${p.name}-${i + 1}`;
          return (
            <div class="govgr-radios__item">
              <label class="govgr-radios__label" for={id}>
                <input
                  class="govgr-radios__input"
                  type="radio"
                  id={id}
                  name={p.name}
                  value={o.value}
                  checked={p.value === o.value}
                  aria-describedby={o.hint ? `${id}-item-hint` : undefined}
                />
                <span lang={o.lang} safe>
                  {o.label}
                </span>
              </label>
              {o.hint ? (
                <p class="govgr-hint" id={`${id}-item-hint`} safe>
                  {o.hint}
                </p>
              ) : (
                ''
              )}
            </div>
          );
        })}
      </div>
    </Fieldset>
  );
}

export function Checkboxes(p: GroupProps & { values?: readonly string[] | null }) {
  return (
    <Fieldset {...p}>
      <div class="govgr-checkboxes">
        {p.options.map((o, i) => {
          const id = i === 0 ? p.name : `${p.name}-${i + 1}`;
          return (
            <div class="govgr-checkboxes__item">
              <label class="govgr-checkboxes__label" for={id}>
                <input
                  class="govgr-checkboxes__input"
                  type="checkbox"
                  id={id}
                  name={p.name}
                  value={o.value}
                  checked={p.values?.includes(o.value) ?? false}
                />
                <span lang={o.lang} safe>
                  {o.label}
                </span>
              </label>
              {o.hint ? (
                <p class="govgr-hint" safe>
                  {o.hint}
                </p>
              ) : (
                ''
              )}
            </div>
          );
        })}
      </div>
    </Fieldset>
  );
}

export type OptionGroup = { label: string; options: Option[] };

export function Select(p: {
  name: string;
  label: string;
  value?: string | null;
  hint?: string;
  error?: string;
  errorPrefix: string;
  emptyLabel: string;
  options?: Option[];
  groups?: OptionGroup[];
  autocomplete?: string;
}) {
  const opt = (o: Option) => (
    <option value={o.value} selected={p.value === o.value} safe>
      {o.label}
    </option>
  );
  return (
    <div class={p.error ? 'govgr-field govgr-field__error' : 'govgr-field'}>
      <label class="govgr-label" for={p.name}>
        <span class="govgr-body" safe>{p.label}</span>
      </label>
      {p.hint ? (
        <div class="govgr-hint" id={`${p.name}-hint`} safe>
          {p.hint}
        </div>
      ) : (
        ''
      )}
      <ErrorMessage id={p.name} message={p.error} prefix={p.errorPrefix} />
      <select
        class={`govgr-select${p.error ? ' govgr-error-input' : ''}`}
        id={p.name}
        name={p.name}
        autocomplete={p.autocomplete}
        aria-describedby={describedBy(p.name, p.hint, p.error)}
        aria-invalid={p.error ? 'true' : undefined}
      >
        <option value="" safe>{p.emptyLabel}</option>
        {(p.options ?? []).map(opt)}
        {(p.groups ?? []).map((g) => (
          <optgroup label={g.label}>{g.options.map(opt)}</optgroup>
        ))}
      </select>
    </div>
  );
}

/** Day, month and year as three fields (GOV.UK date input pattern). */
export function DateInput(p: {
  name: string;
  legend: string;
  hint?: string;
  error?: string;
  errorPrefix: string;
  value?: { day?: string; month?: string; year?: string } | null;
  labels: { day: string; month: string; year: string };
}) {
  const part = (key: 'day' | 'month' | 'year', width: '2' | '4') => {
    const id = key === 'day' ? p.name : `${p.name}-${key}`;
    return (
      <div class="govgr-date-input__item">
        <div class="govgr-field">
          <label class="govgr-label" for={id}>
            <span class="govgr-body" safe>{p.labels[key]}</span>
          </label>
          <input
            class={`govgr-input govgr-input--width-${width}${p.error ? ' govgr-error-input' : ''}`}
            id={id}
            name={`${p.name}-${key}`}
            type="text"
            inputmode="numeric"
            maxlength={key === 'year' ? 4 : 2}
            value={p.value?.[key] ?? ''}
            aria-invalid={p.error ? 'true' : undefined}
          />
        </div>
      </div>
    );
  };
  return (
    <Fieldset name={p.name} legend={p.legend} hint={p.hint} error={p.error} errorPrefix={p.errorPrefix}>
      <div class="govgr-date-input">
        {part('day', '2')}
        {part('month', '2')}
        {part('year', '4')}
      </div>
    </Fieldset>
  );
}

export function Button(p: { text: string; name?: string; value?: string; secondary?: boolean; warning?: boolean }) {
  const cls = p.warning ? 'govgr-btn govgr-btn-warning' : p.secondary ? 'govgr-btn govgr-btn-secondary' : 'govgr-btn govgr-btn-primary';
  return (
    <button class={cls} type="submit" name={p.name} value={p.value} safe>
      {p.text}
    </button>
  );
}

/** A POST form with its CSRF token. */
export function Form(p: PropsWithChildren<{ action: string; csrf: string; novalidate?: boolean }>) {
  return (
    <form method="post" action={p.action} novalidate={p.novalidate ?? true} class="govgr-form">
      <input type="hidden" name="_csrf" value={p.csrf} />
      {p.children}
    </form>
  );
}

export type SummaryRow = { key: string; value: string; href?: string; changeLabel?: string };

/** Check-your-answers list: values are escaped here; each row may link to where it is changed. */
export function SummaryList({ rows }: { rows: SummaryRow[] }) {
  return (
    <dl class="govgr-summary-list">
      {rows.map((r) => (
        <div class="govgr-summary-list__row">
          <dt class="govgr-summary-list__key" safe>
            {r.key}
          </dt>
          <dd class="govgr-summary-list__value prosfero-pre-line" safe>
            {r.value}
          </dd>
          {r.href ? (
            <dd class="govgr-summary-list__actions">
              <a class="govgr-link" href={r.href}>
                <span safe>{r.changeLabel ?? ''}</span>
                <span class="govgr-visually-hidden" safe>
                  {` ${r.key}`}
                </span>
              </a>
            </dd>
          ) : (
            ''
          )}
        </div>
      ))}
    </dl>
  );
}

export type PageLink = { href: string; label: string; rel?: string | undefined };

/** Links between pages of a list (newer/older), or nothing when there is one page. */
export function Pagination({ links, label }: { links: PageLink[]; label: string }) {
  if (links.length === 0) return '';
  return (
    <nav class="govgr-pagination" aria-label={label}>
      <ul class="govgr-pagination__list">
        {links.map((l) => (
          <li class="govgr-pagination__item">
            <a class="govgr-link" href={l.href} rel={l.rel} safe>
              {l.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
