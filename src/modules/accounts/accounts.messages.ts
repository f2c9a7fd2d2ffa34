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
  | 'nav_dashboard'
  | 'nav_needs'
  | 'nav_imports'
  | 'nav_settings'
  | 'nav_password'
  | 'nav_accounts'
  | 'nav_audit'
  | 'nav_totp'
  | 'totp_title'
  | 'totp_intro'
  | 'code_label'
  | 'code_hint'
  | 'code_required'
  | 'code_format'
  | 'code_invalid'
  | 'verify_button'
  | 'enrol_title'
  | 'enrol_intro_required'
  | 'enrol_intro_optional'
  | 'enrol_step_app'
  | 'enrol_step_scan'
  | 'enrol_qr_label'
  | 'enrol_step_type'
  | 'enrol_key_label'
  | 'enrol_account_label'
  | 'enrol_step_confirm'
  | 'enrol_button'
  | 'accounts_title'
  | 'accounts_intro'
  | 'accounts_add'
  | 'accounts_caption'
  | 'col_name'
  | 'col_email'
  | 'col_role'
  | 'col_regions'
  | 'col_status'
  | 'col_totp'
  | 'col_last_sign_in'
  | 'status_active'
  | 'status_disabled'
  | 'status_locked'
  | 'status_must_change'
  | 'totp_enrolled'
  | 'totp_not_enrolled'
  | 'never'
  | 'all_regions'
  | 'edit_link'
  | 'role_administrator'
  | 'role_coordinator'
  | 'role_regional_coordinator'
  | 'role_viewer'
  | 'role_hint_administrator'
  | 'role_hint_coordinator'
  | 'role_hint_regional_coordinator'
  | 'role_hint_viewer'
  | 'language_el'
  | 'language_en'
  | 'new_title'
  | 'edit_title'
  | 'name_label'
  | 'role_label'
  | 'language_label'
  | 'language_hint'
  | 'regions_label'
  | 'regions_hint'
  | 'create_button'
  | 'save_button'
  | 'name_required'
  | 'name_too_long'
  | 'role_required'
  | 'language_required'
  | 'regions_required'
  | 'regions_invalid'
  | 'email_taken'
  | 'created_title'
  | 'created_intro'
  | 'one_time_password_label'
  | 'reset_title'
  | 'reset_intro'
  | 'back_to_accounts'
  | 'back_to_account'
  | 'access_heading'
  | 'status_label'
  | 'disable_button'
  | 'disable_hint'
  | 'enable_button'
  | 'enable_hint'
  | 'reset_button'
  | 'reset_hint'
  | 'last_administrator'
  | 'done_saved'
  | 'done_disabled'
  | 'done_enabled'
  | 'details_heading';

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
  nav_dashboard: 'Dashboard',
  nav_needs: 'Needs',
  nav_imports: 'Import offers',
  nav_settings: 'Settings',
  nav_password: 'Change password',
  nav_accounts: 'Staff accounts',
  nav_audit: 'Audit trail',
  nav_totp: 'Set up two-step verification',
  totp_title: 'Enter your verification code',
  totp_intro: 'Open the authenticator app on your phone and enter the 6-digit code it shows for Prosfero.',
  code_label: 'Verification code',
  code_hint: 'The 6 digits from your authenticator app, for example 123456',
  code_required: 'Enter the 6-digit code from your authenticator app',
  code_format: 'Enter the code as 6 digits, like 123456',
  code_invalid: 'The code is not right. Codes change every 30 seconds: enter the one your app shows now. If you have tried several times, wait 15 minutes and try again, or ask your administrator.',
  verify_button: 'Continue',
  enrol_title: 'Set up two-step verification',
  enrol_intro_required: 'Your role can change records, so signing in needs a code from an authenticator app on your phone as well as your password.',
  enrol_intro_optional: 'You can ask for a code from an authenticator app on your phone each time you sign in, as well as your password.',
  enrol_step_app: 'Install an authenticator app on your phone if you do not have one, for example FreeOTP, Aegis, Google Authenticator or Microsoft Authenticator.',
  enrol_step_scan: 'In the app, add an account and scan this QR code:',
  enrol_qr_label: 'QR code for setting up Prosfero in an authenticator app',
  enrol_step_type: 'If you cannot scan it, choose to enter a setup key and type this key (time-based, 6 digits):',
  enrol_key_label: 'Setup key',
  enrol_account_label: 'Account',
  enrol_step_confirm: 'Enter the 6-digit code the app now shows, to confirm it is set up.',
  enrol_button: 'Confirm and continue',
  accounts_title: 'Staff accounts',
  accounts_intro: 'Everyone who can sign in to the back office. Only administrators see this page.',
  accounts_add: 'Add a staff member',
  accounts_caption: 'Staff accounts',
  col_name: 'Name',
  col_email: 'Email address',
  col_role: 'Role',
  col_regions: 'Regions',
  col_status: 'Status',
  col_totp: 'Two-step verification',
  col_last_sign_in: 'Last signed in',
  status_active: 'Active',
  status_disabled: 'Disabled',
  status_locked: 'Locked for now',
  status_must_change: 'Has not chosen a password yet',
  totp_enrolled: 'Set up',
  totp_not_enrolled: 'Not set up',
  never: 'Never',
  all_regions: 'All',
  edit_link: 'Edit',
  role_administrator: 'Administrator',
  role_coordinator: 'Coordinator',
  role_regional_coordinator: 'Regional coordinator',
  role_viewer: 'Viewer',
  role_hint_administrator: 'Manages staff accounts and sees the audit trail; can also do a coordinator’s work.',
  role_hint_coordinator: 'Reviews offers in every region, contacts offerors, changes statuses.',
  role_hint_regional_coordinator: 'The same as a coordinator, only for offers in the regions chosen below.',
  role_hint_viewer: 'Reads offers without personal contact data; changes nothing.',
  language_el: 'Ελληνικά (Greek)',
  language_en: 'English',
  new_title: 'Add a staff member',
  edit_title: 'Staff member: {name}',
  name_label: 'Full name',
  role_label: 'Role',
  language_label: 'Language of their pages',
  language_hint: 'They can also switch language on any page.',
  regions_label: 'Regions',
  regions_hint: 'Only for a regional coordinator, who sees and acts only on offers in these regions. Choose at least one.',
  create_button: 'Create account',
  save_button: 'Save changes',
  name_required: 'Enter the staff member’s full name',
  name_too_long: 'The name must be 200 characters or fewer',
  role_required: 'Choose a role',
  language_required: 'Choose the language of their pages',
  regions_required: 'Choose at least one region for a regional coordinator',
  regions_invalid: 'Choose regions from the list',
  email_taken: 'A staff account with this email address already exists',
  created_title: 'Account created',
  created_intro: 'Give {name} this one-time password in person or by phone, not by email. It is shown only this once. At their first sign-in they choose their own password and then set up two-step verification where their role needs it.',
  one_time_password_label: 'One-time password',
  reset_title: 'Sign-in reset',
  reset_intro: 'Every session of {name} has ended and their two-step verification was removed. Give them this one-time password in person or by phone. It is shown only this once.',
  back_to_accounts: 'Back to staff accounts',
  back_to_account: 'Back to {name}',
  access_heading: 'Sign-in and access',
  status_label: 'Status',
  disable_button: 'Disable account',
  disable_hint: 'A disabled member cannot sign in, and their open sessions end at once.',
  enable_button: 'Enable account',
  enable_hint: 'They can sign in again with their existing password and two-step verification.',
  reset_button: 'Reset sign-in',
  reset_hint: 'For a member who lost their password or phone: gives a new one-time password, removes their two-step verification and ends their sessions.',
  last_administrator: 'There must always be at least one active administrator. Make another member an administrator first.',
  done_saved: 'Changes saved.',
  done_disabled: 'Account disabled. Its sessions have ended.',
  done_enabled: 'Account enabled.',
  details_heading: 'Details',
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
    nav_dashboard: 'Πίνακας ελέγχου',
    nav_needs: 'Ανάγκες',
    nav_imports: 'Εισαγωγή προσφορών',
    nav_settings: 'Ρυθμίσεις',
    nav_password: 'Αλλαγή κωδικού',
    nav_accounts: 'Λογαριασμοί προσωπικού',
    nav_audit: 'Ιστορικό ενεργειών',
    nav_totp: 'Ρύθμιση επαλήθευσης δύο βημάτων',
    totp_title: 'Γράψτε τον κωδικό επαλήθευσης',
    totp_intro: 'Ανοίξτε την εφαρμογή επαλήθευσης στο κινητό σας και γράψτε τον 6ψήφιο κωδικό που δείχνει για το Prosfero.',
    code_label: 'Κωδικός επαλήθευσης',
    code_hint: 'Τα 6 ψηφία από την εφαρμογή επαλήθευσης, για παράδειγμα 123456',
    code_required: 'Γράψτε τον 6ψήφιο κωδικό από την εφαρμογή επαλήθευσης',
    code_format: 'Γράψτε τον κωδικό ως 6 ψηφία, όπως 123456',
    code_invalid: 'Ο κωδικός δεν είναι σωστός. Οι κωδικοί αλλάζουν κάθε 30 δευτερόλεπτα: γράψτε αυτόν που δείχνει τώρα η εφαρμογή. Αν δοκιμάσατε πολλές φορές, περιμένετε 15 λεπτά και δοκιμάστε ξανά ή απευθυνθείτε στον διαχειριστή.',
    verify_button: 'Συνέχεια',
    enrol_title: 'Ρύθμιση επαλήθευσης δύο βημάτων',
    enrol_intro_required: 'Ο ρόλος σας μπορεί να αλλάζει εγγραφές, γι’ αυτό η σύνδεση χρειάζεται, εκτός από τον κωδικό πρόσβασης, και έναν κωδικό από εφαρμογή επαλήθευσης στο κινητό σας.',
    enrol_intro_optional: 'Μπορείτε να ζητάτε σε κάθε σύνδεση, εκτός από τον κωδικό πρόσβασης, και έναν κωδικό από εφαρμογή επαλήθευσης στο κινητό σας.',
    enrol_step_app: 'Εγκαταστήστε μια εφαρμογή επαλήθευσης στο κινητό σας, αν δεν έχετε ήδη, για παράδειγμα FreeOTP, Aegis, Google Authenticator ή Microsoft Authenticator.',
    enrol_step_scan: 'Στην εφαρμογή, προσθέστε λογαριασμό και σαρώστε αυτόν τον κωδικό QR:',
    enrol_qr_label: 'Κωδικός QR για τη ρύθμιση του Prosfero σε εφαρμογή επαλήθευσης',
    enrol_step_type: 'Αν δεν μπορείτε να τον σαρώσετε, επιλέξτε εισαγωγή κλειδιού ρύθμισης και γράψτε αυτό το κλειδί (χρονικό, 6 ψηφία):',
    enrol_key_label: 'Κλειδί ρύθμισης',
    enrol_account_label: 'Λογαριασμός',
    enrol_step_confirm: 'Γράψτε τον 6ψήφιο κωδικό που δείχνει τώρα η εφαρμογή, για να επιβεβαιώσετε ότι ρυθμίστηκε.',
    enrol_button: 'Επιβεβαίωση και συνέχεια',
    accounts_title: 'Λογαριασμοί προσωπικού',
    accounts_intro: 'Όλοι όσοι μπορούν να συνδεθούν στο σύστημα διαχείρισης. Τη σελίδα αυτή τη βλέπουν μόνο οι διαχειριστές.',
    accounts_add: 'Προσθήκη μέλους προσωπικού',
    accounts_caption: 'Λογαριασμοί προσωπικού',
    col_name: 'Όνομα',
    col_email: 'Διεύθυνση email',
    col_role: 'Ρόλος',
    col_regions: 'Περιφέρειες',
    col_status: 'Κατάσταση',
    col_totp: 'Επαλήθευση δύο βημάτων',
    col_last_sign_in: 'Τελευταία σύνδεση',
    status_active: 'Ενεργός',
    status_disabled: 'Απενεργοποιημένος',
    status_locked: 'Κλειδωμένος προσωρινά',
    status_must_change: 'Δεν έχει ορίσει ακόμη κωδικό',
    totp_enrolled: 'Ρυθμισμένη',
    totp_not_enrolled: 'Μη ρυθμισμένη',
    never: 'Ποτέ',
    all_regions: 'Όλες',
    edit_link: 'Επεξεργασία',
    role_administrator: 'Διαχειριστής',
    role_coordinator: 'Συντονιστής',
    role_regional_coordinator: 'Περιφερειακός συντονιστής',
    role_viewer: 'Αναγνώστης',
    role_hint_administrator: 'Διαχειρίζεται τους λογαριασμούς προσωπικού και βλέπει το ιστορικό ενεργειών· μπορεί να κάνει και τη δουλειά συντονιστή.',
    role_hint_coordinator: 'Ελέγχει προσφορές από όλες τις περιφέρειες, επικοινωνεί με τους προσφέροντες, αλλάζει καταστάσεις.',
    role_hint_regional_coordinator: 'Ό,τι και ο συντονιστής, μόνο για προσφορές στις περιφέρειες που επιλέγονται παρακάτω.',
    role_hint_viewer: 'Διαβάζει προσφορές χωρίς προσωπικά στοιχεία επικοινωνίας· δεν αλλάζει τίποτα.',
    language_el: 'Ελληνικά',
    language_en: 'English (Αγγλικά)',
    new_title: 'Προσθήκη μέλους προσωπικού',
    edit_title: 'Μέλος προσωπικού: {name}',
    name_label: 'Ονοματεπώνυμο',
    role_label: 'Ρόλος',
    language_label: 'Γλώσσα των σελίδων του',
    language_hint: 'Μπορεί επίσης να αλλάζει γλώσσα σε κάθε σελίδα.',
    regions_label: 'Περιφέρειες',
    regions_hint: 'Μόνο για περιφερειακό συντονιστή, που βλέπει και χειρίζεται μόνο προσφορές σε αυτές τις περιφέρειες. Επιλέξτε τουλάχιστον μία.',
    create_button: 'Δημιουργία λογαριασμού',
    save_button: 'Αποθήκευση αλλαγών',
    name_required: 'Γράψτε το ονοματεπώνυμο του μέλους',
    name_too_long: 'Το όνομα πρέπει να έχει έως 200 χαρακτήρες',
    role_required: 'Επιλέξτε ρόλο',
    language_required: 'Επιλέξτε τη γλώσσα των σελίδων του',
    regions_required: 'Επιλέξτε τουλάχιστον μία περιφέρεια για τον περιφερειακό συντονιστή',
    regions_invalid: 'Επιλέξτε περιφέρειες από τον κατάλογο',
    email_taken: 'Υπάρχει ήδη λογαριασμός με αυτή τη διεύθυνση email',
    created_title: 'Ο λογαριασμός δημιουργήθηκε',
    created_intro: 'Δώστε στον/στην {name} αυτόν τον κωδικό μίας χρήσης αυτοπροσώπως ή τηλεφωνικά, όχι με email. Εμφανίζεται μόνο αυτή τη φορά. Στην πρώτη σύνδεση ορίζει δικό του/της κωδικό και μετά ρυθμίζει την επαλήθευση δύο βημάτων, όπου τη χρειάζεται ο ρόλος.',
    one_time_password_label: 'Κωδικός μίας χρήσης',
    reset_title: 'Η σύνδεση επαναφέρθηκε',
    reset_intro: 'Όλες οι συνδέσεις του/της {name} έληξαν και η επαλήθευση δύο βημάτων αφαιρέθηκε. Δώστε του/της αυτόν τον κωδικό μίας χρήσης αυτοπροσώπως ή τηλεφωνικά. Εμφανίζεται μόνο αυτή τη φορά.',
    back_to_accounts: 'Πίσω στους λογαριασμούς προσωπικού',
    back_to_account: 'Πίσω στον/στην {name}',
    access_heading: 'Σύνδεση και πρόσβαση',
    status_label: 'Κατάσταση',
    disable_button: 'Απενεργοποίηση λογαριασμού',
    disable_hint: 'Ένα απενεργοποιημένο μέλος δεν μπορεί να συνδεθεί και οι ανοιχτές συνδέσεις του λήγουν αμέσως.',
    enable_button: 'Ενεργοποίηση λογαριασμού',
    enable_hint: 'Μπορεί να συνδεθεί ξανά με τον υπάρχοντα κωδικό και την επαλήθευση δύο βημάτων.',
    reset_button: 'Επαναφορά σύνδεσης',
    reset_hint: 'Για μέλος που έχασε τον κωδικό ή το κινητό του: δίνει νέο κωδικό μίας χρήσης, αφαιρεί την επαλήθευση δύο βημάτων και τερματίζει τις συνδέσεις του.',
    last_administrator: 'Πρέπει να υπάρχει πάντα τουλάχιστον ένας ενεργός διαχειριστής. Ορίστε πρώτα άλλο μέλος ως διαχειριστή.',
    done_saved: 'Οι αλλαγές αποθηκεύτηκαν.',
    done_disabled: 'Ο λογαριασμός απενεργοποιήθηκε. Οι συνδέσεις του έληξαν.',
    done_enabled: 'Ο λογαριασμός ενεργοποιήθηκε.',
    details_heading: 'Στοιχεία',
  },
  en,
  // Staff pages are not offered in Ukrainian; the entries exist only because Catalogue needs them.
  uk: en,
};
