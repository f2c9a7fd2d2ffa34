// What the dashboard says, in Greek and English (staff pages, PRODUCT.md «Languages»). The
// Catalogue type also requires Ukrainian: those entries repeat the English on purpose, because
// no staff page is offered in Ukrainian. Kinds, categories, units and statuses of offers are
// named by the offers module's labels, so the dashboard and the form name a code alike.
import type { Catalogue } from '../../platform/i18n/index.js';
import type { CoverageClass, NeedStatus } from './dashboard.service.js';

export type DashboardMessageKey =
  | 'title'
  | 'lead'
  | 'lead_regions'
  | 'lead_no_regions'
  | 'filter_kind'
  | 'filter_kind_any'
  | 'filter_show'
  | 'showing_kind'
  | 'error_summary_title'
  | 'error_prefix'
  | 'err_kind'
  | 'offers_heading'
  | 'offers_caption'
  | 'col_status'
  | 'col_all'
  | 'row_all'
  | 'places_heading'
  | 'places_caption'
  | 'capacity_offered'
  | 'capacity_verified'
  | 'capacity_allocated'
  | 'capacity_free'
  | 'places_needed'
  | 'places_definitions'
  | 'map_heading'
  | 'map_intro'
  | 'map_label'
  | 'map_region_title'
  | 'map_region_title_no_need'
  | 'map_legend'
  | 'map_attribution'
  | 'map_kind_note'
  | `coverage_${CoverageClass}`
  | 'regions_caption'
  | 'col_region'
  | 'col_free'
  | 'col_needed'
  | 'col_coverage'
  | 'coverage_none_short'
  | 'items_heading'
  | 'items_caption'
  | 'col_category'
  | 'col_unit'
  | 'services_heading'
  | 'services_caption'
  | 'money_heading'
  | 'money_caption'
  | 'col_currency'
  | 'col_frequency'
  | 'nothing'
  | 'needs_heading'
  | 'needs_caption'
  | `need_${NeedStatus}`
  | 'needs_link'
  | 'chart_heading'
  | 'chart_intro'
  | 'chart_label'
  | 'chart_bar_title'
  | 'chart_caption'
  | 'col_day'
  | 'col_offers';

const en: Record<DashboardMessageKey, string> = {
  title: 'Dashboard',
  lead: 'The figures coordinators report: offers, capacity offered, verified, allocated and free, and needs, across Greece.',
  lead_regions: 'The figures for your regions: {regions}.',
  lead_no_regions: 'No region is assigned to you, so there is nothing to count. An administrator can assign your regions.',
  filter_kind: 'Kind of help',
  filter_kind_any: 'All kinds of help',
  filter_show: 'Show figures',
  showing_kind: 'Showing {kind} only.',
  error_summary_title: 'There is a problem',
  error_prefix: 'Error',
  err_kind: 'Choose a kind of help from the list',
  offers_heading: 'Offers',
  offers_caption: 'Offers by status and kind of help. An offer with lines of two kinds counts under each, and once under "All".',
  col_status: 'Status',
  col_all: 'All',
  row_all: 'All statuses',
  places_heading: 'Places to stay',
  places_caption: 'Accommodation places',
  capacity_offered: 'Offered',
  capacity_verified: 'Verified',
  capacity_allocated: 'Allocated',
  capacity_free: 'Free',
  places_needed: 'Needed',
  places_definitions:
    'Offered: on offers not rejected, withdrawn, duplicate or expired. Verified: on verified offers, including those since allocated or completed. Free: on verified or allocated offers, not yet allocated. Needed: asked for by open and partly met needs, not yet allocated. Lines the offeror withdrew are not counted.',
  map_heading: 'Free places against places needed, by region',
  map_intro: 'Each region links to its offers in the queue. The table after the map gives the same figures.',
  map_label: 'Map of the regions of Greece, coloured by free places against places needed',
  map_region_title: '{region}: {free} free places, {needed} needed ({percent})',
  map_region_title_no_need: '{region}: {free} free places, no places needed',
  map_legend: 'Key',
  map_attribution: '© EuroGeographics for the administrative boundaries',
  map_kind_note: 'The map counts places to stay; choose "All kinds of help" or accommodation to see it.',
  coverage_short: 'Fewer than half the places needed are free',
  coverage_partly: 'Half or more of the places needed are free',
  coverage_covered: 'Free places cover the need',
  coverage_ample: 'Free places are twice the need or more, or no places are needed',
  coverage_none: 'No free places and no places needed',
  regions_caption: 'Free places and places needed by region',
  col_region: 'Region',
  col_free: 'Free places',
  col_needed: 'Places needed',
  col_coverage: 'Free against needed',
  coverage_none_short: 'no need',
  items_heading: 'Essential items',
  items_caption: 'Essential items by category',
  col_category: 'Category',
  col_unit: 'Unit',
  services_heading: 'Services',
  services_caption: 'Services by category, in sessions a week',
  money_heading: 'Money pledged',
  money_caption: 'Money pledged by currency. The platform records pledges; it handles no payments.',
  col_currency: 'Currency',
  col_frequency: 'How often',
  nothing: 'None yet.',
  needs_heading: 'Needs',
  needs_caption: 'Needs by status and kind of help',
  need_open: 'Open',
  need_partly_met: 'Partly met',
  need_met: 'Met',
  need_closed: 'Closed',
  needs_link: 'Open the needs',
  chart_heading: 'Offers per day',
  chart_intro: 'Offers submitted each day of the last {days} days, in Greek time. The table after the chart gives the same figures.',
  chart_label: 'Bar chart of offers submitted per day, {from} to {to}; highest {max}',
  chart_bar_title: '{day}: {count} offers',
  chart_caption: 'Offers submitted per day',
  col_day: 'Day',
  col_offers: 'Offers',
};

const el: Record<DashboardMessageKey, string> = {
  title: 'Πίνακας ελέγχου',
  lead: 'Τα στοιχεία που αναφέρουν οι συντονιστές: προσφορές, δυναμικότητα που προσφέρθηκε, επαληθεύτηκε, διατέθηκε και είναι ελεύθερη, και ανάγκες, σε όλη την Ελλάδα.',
  lead_regions: 'Τα στοιχεία για τις περιφέρειές σας: {regions}.',
  lead_no_regions: 'Δεν σας έχει ανατεθεί περιφέρεια, οπότε δεν υπάρχει τίποτα να μετρηθεί. Ένας διαχειριστής μπορεί να σας αναθέσει περιφέρειες.',
  filter_kind: 'Είδος βοήθειας',
  filter_kind_any: 'Όλα τα είδη βοήθειας',
  filter_show: 'Εμφάνιση στοιχείων',
  showing_kind: 'Εμφανίζεται μόνο: {kind}.',
  error_summary_title: 'Υπάρχει πρόβλημα',
  error_prefix: 'Σφάλμα',
  err_kind: 'Επιλέξτε είδος βοήθειας από τη λίστα',
  offers_heading: 'Προσφορές',
  offers_caption: 'Προσφορές ανά κατάσταση και είδος βοήθειας. Μια προσφορά με γραμμές δύο ειδών μετρά σε καθένα και μία φορά στο «Όλα».',
  col_status: 'Κατάσταση',
  col_all: 'Όλα',
  row_all: 'Όλες οι καταστάσεις',
  places_heading: 'Θέσεις φιλοξενίας',
  places_caption: 'Θέσεις στέγασης',
  capacity_offered: 'Προσφέρθηκαν',
  capacity_verified: 'Επαληθεύτηκαν',
  capacity_allocated: 'Διατέθηκαν',
  capacity_free: 'Ελεύθερες',
  places_needed: 'Χρειάζονται',
  places_definitions:
    'Προσφέρθηκαν: σε προσφορές που δεν απορρίφθηκαν, δεν αποσύρθηκαν, δεν είναι διπλότυπες και δεν έληξαν. Επαληθεύτηκαν: σε επαληθευμένες προσφορές, μαζί με όσες διατέθηκαν ή ολοκληρώθηκαν από τότε. Ελεύθερες: σε επαληθευμένες ή διατεθειμένες προσφορές, όσες δεν έχουν διατεθεί. Χρειάζονται: όσες ζητούν οι ανοιχτές και οι εν μέρει καλυμμένες ανάγκες και δεν έχουν διατεθεί. Δεν μετρώνται γραμμές που απέσυρε ο προσφέρων.',
  map_heading: 'Ελεύθερες θέσεις σε σχέση με τις θέσεις που χρειάζονται, ανά περιφέρεια',
  map_intro: 'Κάθε περιφέρεια οδηγεί στις προσφορές της στη λίστα. Ο πίνακας μετά τον χάρτη δίνει τα ίδια στοιχεία.',
  map_label: 'Χάρτης των περιφερειών της Ελλάδας, χρωματισμένος κατά τις ελεύθερες θέσεις σε σχέση με τις θέσεις που χρειάζονται',
  map_region_title: '{region}: {free} ελεύθερες θέσεις, χρειάζονται {needed} ({percent})',
  map_region_title_no_need: '{region}: {free} ελεύθερες θέσεις, δεν χρειάζονται θέσεις',
  map_legend: 'Υπόμνημα',
  map_attribution: '© EuroGeographics για τα διοικητικά όρια',
  map_kind_note: 'Ο χάρτης μετρά θέσεις φιλοξενίας· επιλέξτε «Όλα τα είδη βοήθειας» ή στέγαση για να τον δείτε.',
  coverage_short: 'Ελεύθερες λιγότερες από τις μισές θέσεις που χρειάζονται',
  coverage_partly: 'Ελεύθερες οι μισές ή περισσότερες από τις θέσεις που χρειάζονται',
  coverage_covered: 'Οι ελεύθερες θέσεις καλύπτουν την ανάγκη',
  coverage_ample: 'Οι ελεύθερες θέσεις είναι διπλάσιες ή περισσότερες, ή δεν χρειάζονται θέσεις',
  coverage_none: 'Ούτε ελεύθερες θέσεις ούτε ανάγκη',
  regions_caption: 'Ελεύθερες θέσεις και θέσεις που χρειάζονται ανά περιφέρεια',
  col_region: 'Περιφέρεια',
  col_free: 'Ελεύθερες θέσεις',
  col_needed: 'Θέσεις που χρειάζονται',
  col_coverage: 'Ελεύθερες προς αναγκαίες',
  coverage_none_short: 'καμία ανάγκη',
  items_heading: 'Είδη πρώτης ανάγκης',
  items_caption: 'Είδη πρώτης ανάγκης ανά κατηγορία',
  col_category: 'Κατηγορία',
  col_unit: 'Μονάδα',
  services_heading: 'Υπηρεσίες',
  services_caption: 'Υπηρεσίες ανά κατηγορία, σε συνεδρίες την εβδομάδα',
  money_heading: 'Χρηματικά ποσά που δεσμεύτηκαν',
  money_caption: 'Χρηματικά ποσά ανά νόμισμα. Η πλατφόρμα καταγράφει δεσμεύσεις· δεν διαχειρίζεται πληρωμές.',
  col_currency: 'Νόμισμα',
  col_frequency: 'Συχνότητα',
  nothing: 'Τίποτα ακόμη.',
  needs_heading: 'Ανάγκες',
  needs_caption: 'Ανάγκες ανά κατάσταση και είδος βοήθειας',
  need_open: 'Ανοιχτή',
  need_partly_met: 'Εν μέρει καλυμμένη',
  need_met: 'Καλυμμένη',
  need_closed: 'Κλειστή',
  needs_link: 'Άνοιγμα των αναγκών',
  chart_heading: 'Προσφορές ανά ημέρα',
  chart_intro: 'Προσφορές που υποβλήθηκαν κάθε ημέρα των τελευταίων {days} ημερών, σε ώρα Ελλάδας. Ο πίνακας μετά το διάγραμμα δίνει τα ίδια στοιχεία.',
  chart_label: 'Ραβδόγραμμα των προσφορών ανά ημέρα, {from} έως {to}· μέγιστο {max}',
  chart_bar_title: '{day}: {count} προσφορές',
  chart_caption: 'Προσφορές ανά ημέρα υποβολής',
  col_day: 'Ημέρα',
  col_offers: 'Προσφορές',
};

export const dashboardMessages: Catalogue<DashboardMessageKey> = { el, en, uk: en };
