// The words of the emails to offerors and of the email-confirmation page, in Greek, English and
// Ukrainian (PRODUCT.md «Languages»: every email in the three languages).
import type { Catalogue } from '../../platform/i18n/index.js';

type Key =
  | 'greeting'
  | 'submitted_title'
  | 'submitted_intro'
  | 'submitted_lines'
  | 'submitted_confirm'
  | 'action_confirm'
  | 'manage_intro'
  | 'action_manage'
  | 'verified_title'
  | 'verified_body'
  | 'rejected_title'
  | 'rejected_body'
  | 'reason'
  | 'duplicate_title'
  | 'duplicate_body'
  | 'duplicate_original'
  | 'expired_title'
  | 'expired_body'
  | 'withdrawn_title'
  | 'withdrawn_body'
  | 'allocated_title'
  | 'allocated_body'
  | 'allocated_need'
  | 'contact_footer'
  | 'line_places'
  | 'line_rooms'
  | 'line_per_week'
  | 'line_monthly'
  | 'line_one_off'
  | 'line_from'
  | 'line_until'
  | 'confirm_done_title'
  | 'confirm_done_body'
  | 'confirm_used_title'
  | 'confirm_used_body'
  | 'confirm_expired_title'
  | 'confirm_expired_body'
  | 'confirm_unknown_title'
  | 'confirm_unknown_body'
  | 'confirm_help';

export const messages: Catalogue<Key> = {
  el: {
    greeting: 'Αγαπητέ/ή {name},',
    submitted_title: 'Λάβαμε την προσφορά σας',
    submitted_intro: 'Σας ευχαριστούμε. Η προσφορά βοήθειας που υποβάλατε καταχωρίστηκε. Το προσωπικό του Υπουργείου θα την εξετάσει και μπορεί να επικοινωνήσει μαζί σας για να επιβεβαιώσει τα στοιχεία.',
    submitted_lines: 'Τι προσφέρατε:',
    submitted_confirm: 'Επιβεβαιώστε ότι αυτή η διεύθυνση email είναι δική σας, ώστε να σας ενημερώνουμε για την προσφορά σας. Ο σύνδεσμος λήγει σε {days} ημέρες.',
    action_confirm: 'Επιβεβαίωση της διεύθυνσης email',
    manage_intro: 'Μπορείτε να δείτε την προσφορά σας, να ενημερώσετε τη διαθεσιμότητά της ή να την αποσύρετε όποτε θέλετε.',
    action_manage: 'Διαχείριση της προσφοράς μου',
    verified_title: 'Η προσφορά σας επαληθεύτηκε',
    verified_body: 'Το προσωπικό του Υπουργείου επαλήθευσε την προσφορά σας. Θα σας ενημερώσουμε όταν διατεθεί σε κάποια ανάγκη.',
    rejected_title: 'Η προσφορά σας δεν έγινε δεκτή',
    rejected_body: 'Μετά από εξέταση, το προσωπικό του Υπουργείου δεν μπορεί να δεχτεί την προσφορά σας.',
    reason: 'Αιτιολογία: {reason}',
    duplicate_title: 'Η προσφορά σας είναι διπλότυπη',
    duplicate_body: 'Η προσφορά σας είναι ίδια με μια προσφορά που έχουμε ήδη καταχωρίσει, οπότε θα εξεταστεί μόνο εκείνη.',
    duplicate_original: 'Αριθμός αναφοράς της προσφοράς που ισχύει: {original}',
    expired_title: 'Η προσφορά σας έληξε',
    expired_body: 'Η προσφορά σας έληξε και δεν θα διατεθεί σε ανάγκες. Αν εξακολουθεί να ισχύει, επικοινωνήστε μαζί μας αναφέροντας τον αριθμό αναφοράς.',
    withdrawn_title: 'Η προσφορά σας αποσύρθηκε',
    withdrawn_body: 'Επιβεβαιώνουμε ότι η προσφορά σας αποσύρθηκε. Σας ευχαριστούμε που μας ενημερώσατε.',
    allocated_title: 'Η προσφορά σας διατέθηκε',
    allocated_body: 'Μέρος ή το σύνολο της προσφοράς σας διατέθηκε σε μια ανάγκη: {quantity}. Το προσωπικό του Υπουργείου θα επικοινωνήσει μαζί σας για τα επόμενα βήματα.',
    allocated_need: 'Ανάγκη: {need}',
    contact_footer: 'Για ερωτήσεις: {phones} · {email} · {web}',
    line_places: '{n} θέσεις',
    line_rooms: '{n} δωμάτια',
    line_per_week: '{n} την εβδομάδα',
    line_monthly: 'μηνιαία',
    line_one_off: 'εφάπαξ',
    line_from: 'από {date}',
    line_until: 'έως {date}',
    confirm_done_title: 'Η διεύθυνση email σας επιβεβαιώθηκε',
    confirm_done_body: 'Σας ευχαριστούμε. Θα σας ενημερώνουμε για την προσφορά {reference} σε αυτή τη διεύθυνση.',
    confirm_used_title: 'Ο σύνδεσμος έχει ήδη χρησιμοποιηθεί',
    confirm_used_body: 'Η διεύθυνση email σας επιβεβαιώθηκε ήδη με αυτόν τον σύνδεσμο. Δεν χρειάζεται να κάνετε κάτι άλλο.',
    confirm_expired_title: 'Ο σύνδεσμος έληξε',
    confirm_expired_body: 'Αυτός ο σύνδεσμος επιβεβαίωσης έχει λήξει. Η προσφορά σας εξακολουθεί να ισχύει· το προσωπικό μπορεί να επιβεβαιώσει τα στοιχεία σας όταν επικοινωνήσει μαζί σας.',
    confirm_unknown_title: 'Ο σύνδεσμος δεν είναι έγκυρος',
    confirm_unknown_body: 'Δεν βρήκαμε αυτόν τον σύνδεσμο επιβεβαίωσης. Ελέγξτε ότι αντιγράψατε ολόκληρο τον σύνδεσμο από το email.',
    confirm_help: 'Για ερωτήσεις, καλέστε στο {phones} ή γράψτε στο {email}, αναφέροντας τον αριθμό αναφοράς σας.',
  },
  en: {
    greeting: 'Dear {name},',
    submitted_title: 'We have received your offer',
    submitted_intro: 'Thank you. Your offer of help has been registered. Ministry staff will review it and may contact you to confirm the details.',
    submitted_lines: 'What you offered:',
    submitted_confirm: 'Please confirm that this email address is yours, so that we can keep you informed about your offer. The link expires in {days} days.',
    action_confirm: 'Confirm my email address',
    manage_intro: 'You can see your offer, update its availability or withdraw it at any time.',
    action_manage: 'Manage my offer',
    verified_title: 'Your offer has been verified',
    verified_body: 'Ministry staff have verified your offer. We will let you know when it is allocated to a need.',
    rejected_title: 'Your offer was not accepted',
    rejected_body: 'After review, Ministry staff cannot accept your offer.',
    reason: 'Reason: {reason}',
    duplicate_title: 'Your offer is a duplicate',
    duplicate_body: 'Your offer is the same as an offer we have already registered, so only that one will be reviewed.',
    duplicate_original: 'Reference number of the offer that stands: {original}',
    expired_title: 'Your offer has expired',
    expired_body: 'Your offer has expired and will not be allocated to needs. If it still stands, please contact us quoting its reference number.',
    withdrawn_title: 'Your offer has been withdrawn',
    withdrawn_body: 'We confirm that your offer has been withdrawn. Thank you for letting us know.',
    allocated_title: 'Your offer has been allocated',
    allocated_body: 'Part or all of your offer has been allocated to a need: {quantity}. Ministry staff will contact you about the next steps.',
    allocated_need: 'Need: {need}',
    contact_footer: 'Questions: {phones} · {email} · {web}',
    line_places: '{n} places',
    line_rooms: '{n} rooms',
    line_per_week: '{n} a week',
    line_monthly: 'monthly',
    line_one_off: 'one-off',
    line_from: 'from {date}',
    line_until: 'until {date}',
    confirm_done_title: 'Your email address is confirmed',
    confirm_done_body: 'Thank you. We will keep you informed about offer {reference} at this address.',
    confirm_used_title: 'This link has already been used',
    confirm_used_body: 'Your email address was already confirmed with this link. There is nothing more to do.',
    confirm_expired_title: 'This link has expired',
    confirm_expired_body: 'This confirmation link has expired. Your offer still stands; staff can confirm your details when they contact you.',
    confirm_unknown_title: 'This link is not valid',
    confirm_unknown_body: 'We could not find this confirmation link. Check that you copied the whole link from the email.',
    confirm_help: 'For questions, call {phones} or write to {email}, quoting your reference number.',
  },
  uk: {
    greeting: 'Шановний/а {name},',
    submitted_title: 'Ми отримали вашу пропозицію',
    submitted_intro: 'Дякуємо. Вашу пропозицію допомоги зареєстровано. Працівники Міністерства розглянуть її і можуть зв’язатися з вами, щоб уточнити дані.',
    submitted_lines: 'Що ви запропонували:',
    submitted_confirm: 'Підтвердьте, будь ласка, що ця адреса електронної пошти належить вам, щоб ми могли повідомляти вас про вашу пропозицію. Посилання діє {days} днів.',
    action_confirm: 'Підтвердити мою адресу електронної пошти',
    manage_intro: 'Ви можете будь-коли переглянути свою пропозицію, оновити її доступність або відкликати її.',
    action_manage: 'Керувати моєю пропозицією',
    verified_title: 'Вашу пропозицію перевірено',
    verified_body: 'Працівники Міністерства перевірили вашу пропозицію. Ми повідомимо вас, коли її буде спрямовано на певну потребу.',
    rejected_title: 'Вашу пропозицію не прийнято',
    rejected_body: 'Після розгляду працівники Міністерства не можуть прийняти вашу пропозицію.',
    reason: 'Причина: {reason}',
    duplicate_title: 'Ваша пропозиція є дублікатом',
    duplicate_body: 'Ваша пропозиція збігається з пропозицією, яку ми вже зареєстрували, тому розглядатиметься лише та.',
    duplicate_original: 'Номер чинної пропозиції: {original}',
    expired_title: 'Термін дії вашої пропозиції закінчився',
    expired_body: 'Термін дії вашої пропозиції закінчився, і її не буде спрямовано на потреби. Якщо вона ще актуальна, зв’яжіться з нами, вказавши її номер.',
    withdrawn_title: 'Вашу пропозицію відкликано',
    withdrawn_body: 'Підтверджуємо, що вашу пропозицію відкликано. Дякуємо, що повідомили нас.',
    allocated_title: 'Вашу пропозицію спрямовано на потребу',
    allocated_body: 'Частину або всю вашу пропозицію спрямовано на потребу: {quantity}. Працівники Міністерства зв’яжуться з вами щодо наступних кроків.',
    allocated_need: 'Потреба: {need}',
    contact_footer: 'Запитання: {phones} · {email} · {web}',
    line_places: 'місць: {n}',
    line_rooms: 'кімнат: {n}',
    line_per_week: '{n} на тиждень',
    line_monthly: 'щомісяця',
    line_one_off: 'одноразово',
    line_from: 'з {date}',
    line_until: 'до {date}',
    confirm_done_title: 'Вашу адресу електронної пошти підтверджено',
    confirm_done_body: 'Дякуємо. Ми повідомлятимемо вас про пропозицію {reference} на цю адресу.',
    confirm_used_title: 'Це посилання вже використано',
    confirm_used_body: 'Вашу адресу електронної пошти вже підтверджено за цим посиланням. Більше нічого робити не потрібно.',
    confirm_expired_title: 'Термін дії посилання закінчився',
    confirm_expired_body: 'Термін дії цього посилання для підтвердження закінчився. Ваша пропозиція залишається чинною; працівники можуть підтвердити ваші дані, коли зв’яжуться з вами.',
    confirm_unknown_title: 'Посилання недійсне',
    confirm_unknown_body: 'Ми не знайшли це посилання для підтвердження. Перевірте, чи ви скопіювали все посилання з листа.',
    confirm_help: 'З питань телефонуйте {phones} або пишіть на {email}, вказавши номер вашої пропозиції.',
  },
};
