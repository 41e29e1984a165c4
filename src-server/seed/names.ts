/**
 * Building blocks for plausible but invented organisations and people. E-mail domains end in `.example`
 * (RFC 2606) so no seeded address can ever reach a real mailbox, even with --smtp configured.
 */
export const FIRST_NAMES = [
  'Anna', 'Lukas', 'Sophie', 'Jonas', 'Marie', 'Felix', 'Laura', 'Maximilian', 'Julia', 'Paul', 'Lena', 'Tobias',
  'Katharina', 'Florian', 'Sarah', 'Stefan', 'Claudia', 'Michael', 'Sabine', 'Andreas', 'Petra', 'Thomas', 'Nicole',
  'Markus', 'Jana', 'Daniel', 'Eva', 'Sebastian', 'Miriam', 'Christian', 'Olivia', 'James', 'Emma', 'Liam', 'Noah',
  'Chloé', 'Jörg', 'Zoë', 'Dominik', 'Franziska', 'Matthias', 'Ines', 'Ralf', 'Birgit', 'Uwe', 'Tanja', 'Kai', 'Nina',
] as const;

export const LAST_NAMES = [
  'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch',
  'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Krüger', 'Hofmann', 'Hartmann',
  'Lange', 'Werner', 'Krause', 'Lehmann', 'Köhler', 'Maier', 'Huber', 'Kaiser', 'Fuchs', 'Peters', 'Lang', 'Scholz',
  'Möller', 'Weiß', 'Jung', 'Hahn', 'Vogel', 'Keller', 'Berger', 'Smith', 'Brown', 'Taylor', 'Wilson', 'Evans',
] as const;

export const COMPANY_STEMS = [
  'Alpen', 'Isar', 'Main', 'Rhein', 'Nord', 'Süd', 'Bavaria', 'Donau', 'Elbe', 'Weser', 'Spree', 'Neckar', 'Taunus',
  'Harz', 'Eifel', 'Allgäu', 'Chiemsee', 'Bodensee', 'Franken', 'Hanse', 'Lech', 'Mosel', 'Saale', 'Ruhr', 'Inn',
  'Zugspitz', 'Wendelstein', 'Ammersee', 'Starnberg', 'Vulkan', 'Kristall', 'Falken', 'Adler', 'Greif', 'Lindwurm',
] as const;

export const COMPANY_TRADES = [
  'Logistik', 'Maschinenbau', 'Stadtwerke', 'Kliniken', 'Versicherung', 'Steuerberatung', 'Handel', 'Bau',
  'Immobilien', 'Energie', 'Pharma', 'Elektrotechnik', 'Autohaus', 'Hotels', 'Verlag', 'Brauerei', 'Spedition',
  'Rechtsanwälte', 'Medizintechnik', 'Software', 'Kunststofftechnik', 'Druckerei', 'Reisen', 'Lebensmittel',
] as const;

export const LEGAL_FORMS = ['GmbH', 'AG', 'GmbH & Co. KG', 'KG', 'e.K.', 'SE', 'Ltd.', 'GmbH'] as const;

export const PARTNER_TRADES = [
  'IT-Systemhaus', 'Kommunikationstechnik', 'Netzwerke', 'TK-Systeme', 'UC Solutions', 'IT-Service',
  'Telekommunikation', 'Digital Solutions',
] as const;

export const CITIES = [
  'München', 'Augsburg', 'Nürnberg', 'Regensburg', 'Rosenheim', 'Stuttgart', 'Frankfurt', 'Köln', 'Hamburg', 'Berlin',
  'Leipzig', 'Dresden', 'Würzburg', 'Ingolstadt', 'Landshut', 'Passau', 'Salzburg', 'Wien', 'Zürich', 'Linz',
] as const;

/** "Müller Logistik" → "mueller-logistik": ASCII for mail domains and local parts. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
