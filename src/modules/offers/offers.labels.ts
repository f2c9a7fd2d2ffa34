// Labels of the closed lists in offers.options.ts, in Greek, English and Ukrainian. Language and
// country names come from the platform's Intl data (CLDR), so all 249 countries are covered.
import type { Lang } from '../../platform/i18n/index.js';

type Labels = Record<string, Record<Lang, string>>;

export const ORGANISATION_KIND_LABELS: Labels = {
  international_organisation: { el: 'Διεθνής οργανισμός', en: 'International organisation', uk: 'Міжнародна організація' },
  ngo: { el: 'Μη κυβερνητική οργάνωση (ΜΚΟ)', en: 'Non-governmental organisation (NGO)', uk: 'Неурядова організація (НУО)' },
  municipality: { el: 'Δήμος', en: 'Municipality', uk: 'Муніципалітет' },
  region: { el: 'Περιφέρεια', en: 'Region', uk: 'Регіон (периферія)' },
  public_body: { el: 'Δημόσιος φορέας', en: 'Public body', uk: 'Державна установа' },
  business: { el: 'Επιχείρηση', en: 'Business', uk: 'Підприємство' },
  religious_body: { el: 'Θρησκευτικός φορέας', en: 'Religious body', uk: 'Релігійна організація' },
  individual: { el: 'Ιδιώτης', en: 'Private individual', uk: 'Приватна особа' },
  other: { el: 'Άλλος φορέας', en: 'Other body', uk: 'Інша організація' },
};

/**
 * The kinds of help as nouns, for lists and summaries (the back office's offer list). The form's
 * radios phrase them as answers to its question («A service») in offers.messages.ts `kind_*`.
 */
export const LINE_KIND_LABELS: Labels = {
  accommodation: { el: 'Στέγαση', en: 'Accommodation', uk: 'Житло' },
  service: { el: 'Υπηρεσία', en: 'Service', uk: 'Послуга' },
  essential_items: { el: 'Είδη πρώτης ανάγκης', en: 'Essential items', uk: 'Предмети першої необхідності' },
  money: { el: 'Χρηματικό ποσό', en: 'Money', uk: 'Грошова сума' },
};

export const ACCOMMODATION_TYPE_LABELS: Labels = {
  apartment: { el: 'Διαμέρισμα', en: 'Apartment', uk: 'Квартира' },
  house: { el: 'Σπίτι', en: 'House', uk: 'Будинок' },
  room_in_shared_home: { el: 'Δωμάτιο σε σπίτι που μοιράζεται', en: 'Room in a shared home', uk: 'Кімната в спільному житлі' },
  hotel: { el: 'Ξενοδοχείο', en: 'Hotel', uk: 'Готель' },
  hostel: { el: 'Ξενώνας', en: 'Hostel', uk: 'Хостел' },
  camp_or_facility: { el: 'Κατασκήνωση ή δομή φιλοξενίας', en: 'Camp or facility', uk: 'Табір або заклад розміщення' },
};

export const SUITABLE_FOR_LABELS: Labels = {
  families: { el: 'Οικογένειες', en: 'Families', uk: 'Сім’ї' },
  children: { el: 'Παιδιά', en: 'Children', uk: 'Діти' },
  elderly: { el: 'Ηλικιωμένους', en: 'Elderly people', uk: 'Літні люди' },
  people_with_disabilities: { el: 'Άτομα με αναπηρία', en: 'People with disabilities', uk: 'Люди з інвалідністю' },
  pets: { el: 'Κατοικίδια', en: 'Pets', uk: 'Домашні тварини' },
};

export const COST_BASIS_LABELS: Labels = {
  free: { el: 'Δωρεάν', en: 'Free', uk: 'Безкоштовно' },
  subsidised: { el: 'Επιδοτούμενο', en: 'Subsidised', uk: 'Частково оплачується (субсидія)' },
  paid: { el: 'Με πληρωμή', en: 'Paid', uk: 'Платно' },
};

export const SERVICE_CATEGORY_LABELS: Labels = {
  health: { el: 'Υγεία', en: 'Health', uk: 'Медична допомога' },
  mental_health_psychosocial_support: { el: 'Ψυχική υγεία και ψυχοκοινωνική στήριξη', en: 'Mental health and psychosocial support', uk: 'Психічне здоров’я та психосоціальна підтримка' },
  legal_aid: { el: 'Νομική βοήθεια', en: 'Legal aid', uk: 'Правова допомога' },
  interpretation_translation: { el: 'Διερμηνεία και μετάφραση', en: 'Interpretation and translation', uk: 'Усний і письмовий переклад' },
  education_language_classes: { el: 'Εκπαίδευση και μαθήματα γλώσσας', en: 'Education and language classes', uk: 'Освіта та мовні курси' },
  employment: { el: 'Απασχόληση', en: 'Employment', uk: 'Працевлаштування' },
  childcare: { el: 'Φύλαξη παιδιών', en: 'Childcare', uk: 'Догляд за дітьми' },
  transport: { el: 'Μεταφορά', en: 'Transport', uk: 'Транспорт' },
  other: { el: 'Άλλη υπηρεσία', en: 'Other service', uk: 'Інша послуга' },
};

export const DELIVERY_LABELS: Labels = {
  in_person: { el: 'Με φυσική παρουσία', en: 'In person', uk: 'Особисто' },
  remote: { el: 'Εξ αποστάσεως', en: 'Remotely', uk: 'Дистанційно' },
  in_person_and_remote: { el: 'Και τα δύο', en: 'Both', uk: 'І так, і так' },
};

export const ITEM_CATEGORY_LABELS: Labels = {
  food: { el: 'Τρόφιμα', en: 'Food', uk: 'Їжа' },
  water: { el: 'Νερό', en: 'Water', uk: 'Вода' },
  clothing_footwear: { el: 'Ρούχα και υποδήματα', en: 'Clothing and footwear', uk: 'Одяг і взуття' },
  hygiene: { el: 'Είδη υγιεινής', en: 'Hygiene products', uk: 'Засоби гігієни' },
  medicines_medical_supplies: { el: 'Φάρμακα και υγειονομικό υλικό', en: 'Medicines and medical supplies', uk: 'Ліки та медичні засоби' },
  baby_items: { el: 'Βρεφικά είδη', en: 'Baby items', uk: 'Речі для немовлят' },
  bedding: { el: 'Κλινοσκεπάσματα', en: 'Bedding', uk: 'Постільні речі' },
  household_items: { el: 'Οικιακά είδη', en: 'Household items', uk: 'Побутові речі' },
  other: { el: 'Άλλα είδη', en: 'Other items', uk: 'Інші речі' },
};

export const UNIT_LABELS: Labels = {
  pieces: { el: 'τεμάχια', en: 'pieces', uk: 'штук' },
  kits: { el: 'πακέτα (κιτ)', en: 'kits', uk: 'наборів' },
  boxes: { el: 'κιβώτια', en: 'boxes', uk: 'коробок' },
  pallets: { el: 'παλέτες', en: 'pallets', uk: 'палет' },
  kg: { el: 'κιλά', en: 'kg', uk: 'кг' },
  litres: { el: 'λίτρα', en: 'litres', uk: 'літрів' },
};

export const CONDITION_LABELS: Labels = {
  new: { el: 'Καινούργια', en: 'New', uk: 'Нові' },
  used: { el: 'Μεταχειρισμένα, σε καλή κατάσταση', en: 'Used, in good condition', uk: 'Вживані, у доброму стані' },
};

export const FREQUENCY_LABELS: Labels = {
  one_off: { el: 'Μία φορά', en: 'Once', uk: 'Одноразово' },
  monthly: { el: 'Κάθε μήνα', en: 'Every month', uk: 'Щомісяця' },
};

/** Offer statuses (PRODUCT.md, «Offer statuses»), as staff and offerors read them. */
export const OFFER_STATUS_LABELS: Labels = {
  submitted: { el: 'Υποβλήθηκε', en: 'Submitted', uk: 'Подано' },
  in_review: { el: 'Σε έλεγχο', en: 'In review', uk: 'На розгляді' },
  verified: { el: 'Επαληθεύτηκε', en: 'Verified', uk: 'Перевірено' },
  allocated: { el: 'Διατέθηκε', en: 'Allocated', uk: 'Розподілено' },
  completed: { el: 'Ολοκληρώθηκε', en: 'Completed', uk: 'Завершено' },
  rejected: { el: 'Απορρίφθηκε', en: 'Rejected', uk: 'Відхилено' },
  withdrawn: { el: 'Αποσύρθηκε', en: 'Withdrawn', uk: 'Відкликано' },
  duplicate: { el: 'Διπλότυπη', en: 'Duplicate', uk: 'Дублікат' },
  expired: { el: 'Έληξε', en: 'Expired', uk: 'Термін минув' },
};

/** How an offer arrived. */
export const CHANNEL_LABELS: Labels = {
  web: { el: 'Ιστότοπος', en: 'Website', uk: 'Вебсайт' },
  api: { el: 'API', en: 'API', uk: 'API' },
  import: { el: 'Εισαγωγή αρχείου', en: 'File import', uk: 'Імпорт файлу' },
  staff: { el: 'Καταχώριση από το προσωπικό', en: 'Entered by staff', uk: 'Внесено персоналом' },
};

export function label(labels: Labels, value: string, lang: Lang): string {
  return labels[value]?.[lang] ?? value;
}

const languageNames = new Map<Lang, Intl.DisplayNames>();
const countryNames = new Map<Lang, Intl.DisplayNames>();

/** "uk" → «ουκρανικά» / "Ukrainian" / «українська» (CLDR via Intl). */
export function languageName(code: string, lang: Lang): string {
  let names = languageNames.get(lang);
  if (!names) languageNames.set(lang, (names = new Intl.DisplayNames([lang], { type: 'language' })));
  const name = names.of(code) ?? code;
  return name.charAt(0).toLocaleUpperCase(lang) + name.slice(1);
}

/** "CH" → «Ελβετία» / "Switzerland" / «Швейцарія» (CLDR via Intl). */
export function countryName(code: string, lang: Lang): string {
  let names = countryNames.get(lang);
  if (!names) countryNames.set(lang, (names = new Intl.DisplayNames([lang], { type: 'region' })));
  return names.of(code) ?? code;
}
