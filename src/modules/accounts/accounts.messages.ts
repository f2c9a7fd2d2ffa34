// What the staff sign-in and account pages say, in Greek and English (PRODUCT.md: staff pages
// are in Greek and English). The Catalogue type also requires Ukrainian: those entries repeat
// the English text on purpose, because no staff page is offered in Ukrainian.
import type { Catalogue } from '../../platform/i18n/index.js';

export type AccountMessageKey =
  | 'sign_in_title'
  | 'sign_in_intro'
  | 'email_label'
  | 'password_label'
  | 'sign_in_button'
  | 'email_required'
  | 'email_format'
  | 'password_required'
  | 'credentials_invalid'
  | 'password_title'
  | 'password_must_change'
  | 'password_intro'
  | 'current_password_label'
  | 'new_password_label'
  | 'new_password_hint'
  | 'confirm_password_label'
  | 'change_password_button'
  | 'current_password_required'
  | 'current_password_incorrect'
  | 'new_password_required'
  | 'new_password_too_short'
  | 'new_password_too_long'
  | 'new_password_is_email'
  | 'new_password_same'
  | 'confirm_password_required'
  | 'confirm_password_mismatch'
  | 'nav_offers'
  | 'nav_password';

const en: Record<AccountMessageKey, string> = {
  sign_in_title: 'Staff sign in',
  sign_in_intro: 'Sign in with the email address and password of your staff account.',
  email_label: 'Email address',
  password_label: 'Password',
  sign_in_button: 'Sign in',
  email_required: 'Enter your email address',
  email_format: 'Enter an email address in the correct format, like name@example.gr',
  password_required: 'Enter your password',
  credentials_invalid:
    'The email address or password is not right. If you have tried several times, wait 15 minutes and try again, or ask your administrator.',
  password_title: 'Change your password',
  password_must_change: 'Before you continue, choose a new password that only you know.',
  password_intro: 'When you change your password, you are signed out everywhere else.',
  current_password_label: 'Current password',
  new_password_label: 'New password',
  new_password_hint: 'At least {min} characters. A phrase of a few unrelated words is easy to remember and hard to guess.',
  confirm_password_label: 'Confirm new password',
  change_password_button: 'Change password',
  current_password_required: 'Enter your current password',
  current_password_incorrect: 'Your current password is not right',
  new_password_required: 'Enter a new password',
  new_password_too_short: 'Your new password must be at least {min} characters long',
  new_password_too_long: 'Your new password must be {max} characters or fewer',
  new_password_is_email: 'Your new password must not be your email address',
  new_password_same: 'Your new password must be different from your current password',
  confirm_password_required: 'Enter your new password again',
  confirm_password_mismatch: 'The two new passwords do not match',
  nav_offers: 'Offers',
  nav_password: 'Change password',
};

export const accountMessages: Catalogue<AccountMessageKey> = {
  el: {
    sign_in_title: 'Σύνδεση προσωπικού',
    sign_in_intro: 'Συνδεθείτε με τη διεύθυνση email και τον κωδικό πρόσβασης του λογαριασμού σας.',
    email_label: 'Διεύθυνση email',
    password_label: 'Κωδικός πρόσβασης',
    sign_in_button: 'Σύνδεση',
    email_required: 'Γράψτε τη διεύθυνση email σας',
    email_format: 'Γράψτε μια διεύθυνση email σε σωστή μορφή, όπως onoma@example.gr',
    password_required: 'Γράψτε τον κωδικό πρόσβασής σας',
    credentials_invalid:
      'Η διεύθυνση email ή ο κωδικός πρόσβασης δεν είναι σωστά. Αν δοκιμάσατε πολλές φορές, περιμένετε 15 λεπτά και δοκιμάστε ξανά ή απευθυνθείτε στον διαχειριστή.',
    password_title: 'Αλλαγή κωδικού πρόσβασης',
    password_must_change: 'Πριν συνεχίσετε, ορίστε έναν νέο κωδικό πρόσβασης που θα γνωρίζετε μόνο εσείς.',
    password_intro: 'Όταν αλλάζετε τον κωδικό σας, αποσυνδέεστε από κάθε άλλη συσκευή.',
    current_password_label: 'Τρέχων κωδικός πρόσβασης',
    new_password_label: 'Νέος κωδικός πρόσβασης',
    new_password_hint: 'Τουλάχιστον {min} χαρακτήρες. Μια φράση από λίγες άσχετες λέξεις θυμάται εύκολα και μαντεύεται δύσκολα.',
    confirm_password_label: 'Επιβεβαίωση νέου κωδικού',
    change_password_button: 'Αλλαγή κωδικού',
    current_password_required: 'Γράψτε τον τρέχοντα κωδικό πρόσβασής σας',
    current_password_incorrect: 'Ο τρέχων κωδικός πρόσβασης δεν είναι σωστός',
    new_password_required: 'Γράψτε έναν νέο κωδικό πρόσβασης',
    new_password_too_short: 'Ο νέος κωδικός πρέπει να έχει τουλάχιστον {min} χαρακτήρες',
    new_password_too_long: 'Ο νέος κωδικός πρέπει να έχει έως {max} χαρακτήρες',
    new_password_is_email: 'Ο νέος κωδικός δεν μπορεί να είναι η διεύθυνση email σας',
    new_password_same: 'Ο νέος κωδικός πρέπει να διαφέρει από τον τρέχοντα',
    confirm_password_required: 'Γράψτε ξανά τον νέο κωδικό πρόσβασης',
    confirm_password_mismatch: 'Οι δύο νέοι κωδικοί δεν ταιριάζουν',
    nav_offers: 'Προσφορές',
    nav_password: 'Αλλαγή κωδικού',
  },
  en,
  // Staff pages are not offered in Ukrainian; the entries exist only because Catalogue needs them.
  uk: en,
};
