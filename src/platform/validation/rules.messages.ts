// What each rule error code says to the person filling in the form, in Greek, English and Ukrainian.
// Wording follows GOV.UK's error-message pattern: say what to do, with an example, never blame.
// No I/O; the typed Record makes a missing message a compile error.

import type { RuleCode } from './rules.js';

export type RuleLanguage = 'el' | 'en' | 'uk';

export const ruleMessages: Record<RuleLanguage, Record<RuleCode, string>> = {
  el: {
    invalid: 'Ελέγξτε την απάντησή σας και γράψτε την ξανά',
    required: 'Συμπληρώστε αυτό το πεδίο',
    'text.too_long': 'Γράψτε έως {max} χαρακτήρες',
    'text.invalid_characters':
      'Αφαιρέστε κρυφούς ή ασυνήθιστους χαρακτήρες. Αν αντιγράψατε το κείμενο από αλλού, πληκτρολογήστε το',
    'name.invalid': 'Γράψτε το όνομα μόνο με γράμματα, κενά, παύλες, αποστρόφους και τελείες, όπως Ζωή Παπαδοπούλου',
    'organisation_name.invalid':
      'Γράψτε την επωνυμία με γράμματα, αριθμούς και συνήθη σημεία στίξης, όπως Ελληνικός Ερυθρός Σταυρός',
    'afm.format': 'Γράψτε έναν ΑΦΜ 9 ψηφίων, όπως 099776546',
    'afm.check_digit': 'Αυτός ο ΑΦΜ δεν είναι έγκυρος. Ελέγξτε κάθε ψηφίο και γράψτε τον ξανά',
    'tax_id.invalid':
      'Γράψτε τον αριθμό φορολογικού ή εμπορικού μητρώου όπως εμφανίζεται στα επίσημα έγγραφα, π.χ. CHE-123.456.788',
    'phone.invalid': 'Γράψτε έναν αριθμό τηλεφώνου, όπως 2101234567 ή +380501234567',
    'email.invalid': 'Γράψτε μια διεύθυνση email σε σωστή μορφή, όπως onoma@example.gr',
    'postcode.invalid': 'Γράψτε έναν ταχυδρομικό κώδικα, όπως 101 81',
    'date.invalid': 'Γράψτε μια πραγματική ημερομηνία με ημέρα, μήνα και έτος, όπως 27 3 2026',
    'date.from_in_past': 'Η ημερομηνία έναρξης πρέπει να είναι σήμερα ή αργότερα',
    'date.until_before_from': 'Η ημερομηνία λήξης πρέπει να είναι ίδια με την ημερομηνία έναρξης ή μεταγενέστερη',
    'quantity.invalid': 'Γράψτε έναν αριθμό, όπως 12',
    'quantity.whole': 'Γράψτε έναν ακέραιο αριθμό, χωρίς δεκαδικά, όπως 12',
    'quantity.too_small': 'Γράψτε έναν αριθμό από {min} και πάνω',
    'quantity.too_large': 'Γράψτε έναν αριθμό έως {max}',
    'money.invalid': 'Γράψτε ένα ποσό, όπως 250 ή 1.000,50',
    'money.too_many_decimals': 'Γράψτε ένα ποσό με έως 2 δεκαδικά ψηφία, όπως 1.000,50',
    'money.not_positive': 'Γράψτε ένα ποσό μεγαλύτερο από 0',
    'money.too_large': 'Γράψτε ένα ποσό έως {max}',
    'currency.invalid': 'Γράψτε το νόμισμα με τον κωδικό 3 γραμμάτων, όπως EUR ή UAH',
    'website.invalid': 'Γράψτε τη διεύθυνση της ιστοσελίδας, όπως www.example.gr',
    'choice.invalid': 'Επιλέξτε μία από τις επιλογές που εμφανίζονται',
  },
  en: {
    invalid: 'Check your answer and enter it again',
    required: 'Fill in this field',
    'text.too_long': 'Enter {max} characters or fewer',
    'text.invalid_characters': 'Remove hidden or unusual characters. If you copied the text from elsewhere, type it instead',
    'name.invalid': 'Enter the name using only letters, spaces, hyphens, apostrophes and full stops, like Olena Kovalchuk',
    'organisation_name.invalid':
      "Enter the organisation's name using letters, numbers and common punctuation, like Hellenic Red Cross",
    'afm.format': 'Enter a 9-digit Greek tax number (ΑΦΜ), like 099776546',
    'afm.check_digit': 'This Greek tax number (ΑΦΜ) is not valid. Check each digit and enter it again',
    'tax_id.invalid': 'Enter the tax or registration number as it appears on official documents, like CHE-123.456.788',
    'phone.invalid': 'Enter a phone number, like 2101234567 or +380501234567',
    'email.invalid': 'Enter an email address in the correct format, like name@example.com',
    'postcode.invalid': 'Enter a postcode, like 101 81',
    'date.invalid': 'Enter a real date with a day, month and year, like 27 3 2026',
    'date.from_in_past': 'The start date must be today or in the future',
    'date.until_before_from': 'The end date must be the same as or after the start date',
    'quantity.invalid': 'Enter a number, like 12',
    'quantity.whole': 'Enter a whole number without decimals, like 12',
    'quantity.too_small': 'Enter a number of {min} or more',
    'quantity.too_large': 'Enter a number of {max} or less',
    'money.invalid': 'Enter an amount, like 250 or 1,000.50',
    'money.too_many_decimals': 'Enter an amount with no more than 2 decimal places, like 1,000.50',
    'money.not_positive': 'Enter an amount greater than 0',
    'money.too_large': 'Enter an amount of {max} or less',
    'currency.invalid': 'Enter the currency as a 3-letter code, like EUR or UAH',
    'website.invalid': 'Enter a website address, like www.example.org',
    'choice.invalid': 'Select one of the options shown',
  },
  uk: {
    invalid: 'Перевірте відповідь і введіть її ще раз',
    required: 'Заповніть це поле',
    // Put as "maximum — N" so the noun need not agree with the number (1 символ, 2 символи, 5 символів).
    'text.too_long': 'Скоротіть текст: максимальна кількість символів — {max}',
    'text.invalid_characters':
      'Видаліть приховані або незвичні символи. Якщо ви скопіювали текст з іншого місця, введіть його вручну',
    'name.invalid': "Введіть ім'я лише літерами, пробілами, дефісами, апострофами й крапками, наприклад Олена Ковальчук",
    'organisation_name.invalid':
      'Введіть назву організації літерами, цифрами та звичайними розділовими знаками, наприклад Грецький Червоний Хрест',
    'afm.format': 'Введіть 9-значний грецький податковий номер (ΑΦΜ), наприклад 099776546',
    'afm.check_digit': 'Цей грецький податковий номер (ΑΦΜ) недійсний. Перевірте кожну цифру та введіть його ще раз',
    'tax_id.invalid':
      'Введіть податковий або реєстраційний номер так, як його вказано в офіційних документах, наприклад CHE-123.456.788',
    'phone.invalid': 'Введіть номер телефону, наприклад 2101234567 або +380501234567',
    'email.invalid': 'Введіть адресу електронної пошти в правильному форматі, наприклад name@example.com',
    'postcode.invalid': 'Введіть поштовий індекс, наприклад 101 81',
    'date.invalid': 'Введіть справжню дату: день, місяць і рік, наприклад 27 3 2026',
    'date.from_in_past': 'Дата початку має бути сьогоднішньою або пізнішою',
    'date.until_before_from': 'Дата завершення має збігатися з датою початку або бути пізнішою',
    'quantity.invalid': 'Введіть число, наприклад 12',
    'quantity.whole': 'Введіть ціле число без десяткових знаків, наприклад 12',
    'quantity.too_small': 'Введіть число, не менше ніж {min}',
    'quantity.too_large': 'Введіть число, не більше ніж {max}',
    'money.invalid': 'Введіть суму, наприклад 250 або 1 000,50',
    'money.too_many_decimals': 'Введіть суму, що має не більше ніж 2 знаки після коми, наприклад 1 000,50',
    'money.not_positive': 'Введіть суму, більшу за 0',
    'money.too_large': 'Введіть суму, не більшу ніж {max}',
    'currency.invalid': 'Введіть валюту трилітерним кодом, наприклад EUR або UAH',
    'website.invalid': 'Введіть адресу вебсайту, наприклад www.example.org',
    'choice.invalid': 'Виберіть один із запропонованих варіантів',
  },
};

// Numbers in messages are shown as each language writes them: 1.000.000.000 (el),
// 1,000,000,000 (en), 1 000 000 000 (uk).
const numberLocales: Record<RuleLanguage, string> = { el: 'el-GR', en: 'en-GB', uk: 'uk-UA' };

/**
 * The message for one rule error, with its `{placeholders}` filled.
 *
 * Input: language, code, and the `params` the rule returned (e.g. `{ max: 200 }`). Output: the
 * message text; numbers are formatted for the language (CLDR via Intl.NumberFormat); a
 * placeholder without a param is left as written so a gap shows in tests rather than "undefined".
 */
export function ruleMessage(lang: RuleLanguage, code: RuleCode, params?: Record<string, string | number>): string {
  const template = ruleMessages[lang][code];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = params[name];
    if (value === undefined) return placeholder;
    return typeof value === 'number' ? new Intl.NumberFormat(numberLocales[lang]).format(value) : value;
  });
}
