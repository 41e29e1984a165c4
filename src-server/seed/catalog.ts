import type { TicketCategory } from '../../src-shared/domain/ticket';

/** The estos products tickets are filed against, with versions seen in the field. */
export const PRODUCTS = [
  { name: 'ProCall 8 Enterprise', versions: ['8.3.2', '8.4.1', '8.5.0', '8.5.3'] },
  { name: 'ProCall DataCenter', versions: ['8.4.0', '8.5.1'] },
  { name: 'UCServer', versions: ['8.3.2', '8.4.1', '8.5.3'] },
  { name: 'MetaDirectory', versions: ['5.1.32', '6.0.4', '6.1.0'] },
  { name: 'ECSTA for Panasonic', versions: ['7.1.4', '7.2.0'] },
  { name: 'ECSTA for Mitel', versions: ['7.0.9', '7.2.0'] },
  { name: 'ECSTA for Unify', versions: ['7.1.2', '7.2.1'] },
  { name: 'STARFACE Integration', versions: ['8.4.1', '8.5.0'] },
  { name: 'ProCall Mobile', versions: ['8.4.7', '8.5.2'] },
  { name: 'UCConnect', versions: ['2024.2', '2025.1'] },
] as const;
export type ProductName = (typeof PRODUCTS)[number]['name'];

export type Lang = 'de' | 'en';
type Bi = Readonly<Record<Lang, string>>;

/**
 * A kind of problem customers report. Texts use `{product}`, `{version}` and `{company}` placeholders.
 * Checklist answers follow the seed's template questions (what happened, when and how long, affected objects,
 * reproducibility, steps tried).
 */
export interface TicketTopic {
  readonly products: readonly ProductName[];
  readonly category: TicketCategory;
  readonly severities: readonly (1 | 2 | 3)[];
  readonly title: Bi;
  readonly description: Bi;
  readonly checklist: Readonly<Record<Lang, readonly [string, string, string, string, string]>>;
}

export const TOPICS: readonly TicketTopic[] = [
  {
    products: ['ProCall 8 Enterprise', 'UCServer'],
    category: 'product_defect',
    severities: [2, 3],
    title: { de: '{product} startet nach Update auf {version} nicht mehr', en: '{product} no longer starts after update to {version}' },
    description: {
      de: 'Seit dem Update auf {version} startet der Client bei mehreren Arbeitsplätzen nicht mehr. Es erscheint kurz der Splash-Screen, danach beendet sich der Prozess ohne Meldung.',
      en: 'Since the update to {version} the client no longer starts on several workstations. The splash screen shows briefly, then the process exits without a message.',
    },
    checklist: {
      de: ['Client beendet sich direkt nach dem Start.', 'Seit dem Update gestern, dauerhaft.', '12 Arbeitsplätze unter Windows 11.', 'Bei jedem Start reproduzierbar.', 'Neuinstallation und Neustart des Rechners.'],
      en: ['Client exits right after starting.', 'Since yesterday\'s update, permanently.', '12 workstations on Windows 11.', 'Reproducible on every start.', 'Reinstalled the client and rebooted.'],
    },
  },
  {
    products: ['ECSTA for Panasonic', 'ECSTA for Mitel', 'ECSTA for Unify'],
    category: 'product_defect',
    severities: [1, 2],
    title: { de: '{product}: Leitungen werden nach Neustart der TK-Anlage nicht mehr überwacht', en: '{product}: lines no longer monitored after PBX restart' },
    description: {
      de: 'Nach einem Neustart der TK-Anlage zeigt {product} alle Leitungen als nicht verfügbar an. Erst ein Neustart des TAPI-Dienstes behebt das.',
      en: 'After a PBX restart {product} shows all lines as unavailable. Only restarting the TAPI service fixes it.',
    },
    checklist: {
      de: ['Keine Anrufsignalisierung mehr in ProCall.', 'Nach jedem nächtlichen Neustart der Anlage.', 'Alle 80 Nebenstellen.', 'Reproduzierbar durch Neustart der Anlage.', 'TAPI-Dienst neu gestartet, Treiber neu installiert.'],
      en: ['No call signalling in ProCall any more.', 'After every nightly PBX restart.', 'All 80 extensions.', 'Reproducible by restarting the PBX.', 'Restarted the TAPI service, reinstalled the driver.'],
    },
  },
  {
    products: ['MetaDirectory'],
    category: 'configuration_setup',
    severities: [3],
    title: { de: 'MetaDirectory: Replikation aus Exchange-Kontakten einrichten', en: 'MetaDirectory: setting up replication from Exchange contacts' },
    description: {
      de: 'Wir möchten die öffentlichen Kontakte aus Exchange Online in MetaDirectory {version} replizieren. Welche Berechtigungen benötigt der Replikationsdienst?',
      en: 'We want to replicate the public contacts from Exchange Online into MetaDirectory {version}. Which permissions does the replication service need?',
    },
    checklist: {
      de: ['Einrichtung einer neuen Datenquelle.', 'Seit Beginn der Einrichtung.', 'Ein MetaDirectory-Server.', 'Nicht zutreffend.', 'Handbuch und Online-Hilfe gelesen.'],
      en: ['Setting up a new data source.', 'Since we started the setup.', 'One MetaDirectory server.', 'Not applicable.', 'Read the manual and online help.'],
    },
  },
  {
    products: ['MetaDirectory'],
    category: 'product_defect',
    severities: [2, 3],
    title: { de: 'MetaDirectory-Suche liefert keine Treffer für Umlaute', en: 'MetaDirectory search finds no matches for umlauts' },
    description: {
      de: 'Die Suche nach „Müller“ oder „Größe“ liefert in MetaDirectory {version} keine Treffer, „Mueller“ dagegen schon.',
      en: 'Searching for "Müller" or "Größe" in MetaDirectory {version} returns nothing, while "Mueller" works.',
    },
    checklist: {
      de: ['Keine Suchtreffer bei Umlauten.', 'Seit der Migration auf die neue Version.', 'Alle Clients, ca. 200 Benutzer.', 'Immer reproduzierbar.', 'Index neu aufgebaut.'],
      en: ['No search results for umlauts.', 'Since migrating to the new version.', 'All clients, about 200 users.', 'Always reproducible.', 'Rebuilt the index.'],
    },
  },
  {
    products: ['STARFACE Integration', 'ProCall 8 Enterprise'],
    category: 'misconfiguration',
    severities: [2, 3],
    title: { de: 'STARFACE: Präsenz wird nicht mit ProCall synchronisiert', en: 'STARFACE: presence not synchronised with ProCall' },
    description: {
      de: 'Der Anwesenheitsstatus aus der STARFACE-Anlage wird in ProCall {version} nicht angezeigt. Telefonie funktioniert.',
      en: 'Presence from the STARFACE PBX is not shown in ProCall {version}. Telephony works.',
    },
    checklist: {
      de: ['Präsenz bleibt grau.', 'Seit Inbetriebnahme.', 'Alle Benutzer eines Standorts.', 'Dauerhaft.', 'Benutzerzuordnung geprüft.'],
      en: ['Presence stays grey.', 'Since commissioning.', 'All users of one site.', 'Permanently.', 'Checked the user mapping.'],
    },
  },
  {
    products: ['UCConnect', 'ProCall Mobile'],
    category: 'cloud_outage',
    severities: [1, 2],
    title: { de: 'UCConnect: Keine Verbindung zum Cloud-Dienst', en: 'UCConnect: no connection to the cloud service' },
    description: {
      de: 'Seit heute Morgen können sich mobile Clients nicht mehr über UCConnect anmelden. Fehlermeldung: „Dienst nicht erreichbar“.',
      en: 'Since this morning mobile clients can no longer sign in via UCConnect. Error message: "service unreachable".',
    },
    checklist: {
      de: ['Anmeldung über UCConnect schlägt fehl.', 'Seit 07:30 Uhr, andauernd.', 'Alle mobilen Benutzer.', 'Bei jedem Versuch.', 'Internetverbindung und Zertifikat geprüft.'],
      en: ['Sign-in through UCConnect fails.', 'Since 07:30, ongoing.', 'All mobile users.', 'Every attempt.', 'Checked the internet connection and certificate.'],
    },
  },
  {
    products: ['ProCall 8 Enterprise', 'ProCall DataCenter'],
    category: 'question',
    severities: [3],
    title: { de: 'Frage zur Lizenzierung von {product} {version}', en: 'Question about licensing {product} {version}' },
    description: {
      de: 'Wir planen die Erweiterung um 25 Benutzer. Müssen dafür die bestehenden Lizenzen getauscht werden?',
      en: 'We plan to add 25 users. Do the existing licences need to be exchanged for that?',
    },
    checklist: {
      de: ['Lizenzfrage, kein Fehler.', 'Nicht zutreffend.', 'Lizenzverwaltung.', 'Nicht zutreffend.', 'Lizenzbedingungen gelesen.'],
      en: ['Licensing question, no fault.', 'Not applicable.', 'Licence management.', 'Not applicable.', 'Read the licence terms.'],
    },
  },
  {
    products: ['ProCall 8 Enterprise'],
    category: 'feature_request',
    severities: [3],
    title: { de: 'Wunsch: Rufumleitung direkt aus der Kontaktkarte setzen', en: 'Request: set call forwarding from the contact card' },
    description: {
      de: 'Unsere Benutzer möchten eine Rufumleitung auf einen Kollegen direkt aus dessen Kontaktkarte einrichten können.',
      en: 'Our users would like to set call forwarding to a colleague directly from that colleague\'s contact card.',
    },
    checklist: {
      de: ['Funktionswunsch.', 'Nicht zutreffend.', 'Alle Benutzer.', 'Nicht zutreffend.', 'Nicht zutreffend.'],
      en: ['Feature request.', 'Not applicable.', 'All users.', 'Not applicable.', 'Not applicable.'],
    },
  },
  {
    products: ['UCServer', 'ProCall 8 Enterprise'],
    category: 'product_defect',
    severities: [2, 3],
    title: { de: 'Journal-Einträge fehlen nach Datenbankwartung', en: 'Journal entries missing after database maintenance' },
    description: {
      de: 'Nach der nächtlichen Datenbankwartung des UCServer {version} fehlen im Journal die Einträge der letzten zwei Tage.',
      en: 'After the nightly database maintenance of UCServer {version} the journal lacks the entries of the last two days.',
    },
    checklist: {
      de: ['Journal unvollständig.', 'Seit Montag.', 'Alle Benutzer.', 'Nach jeder Wartung.', 'Wartungsplan geprüft, Logdateien gesichert.'],
      en: ['Journal incomplete.', 'Since Monday.', 'All users.', 'After every maintenance run.', 'Checked the maintenance plan, saved log files.'],
    },
  },
  {
    products: ['ProCall 8 Enterprise', 'UCServer'],
    category: 'misconfiguration',
    severities: [3],
    title: { de: 'Outlook-Kontakte werden in ProCall nicht gefunden', en: 'Outlook contacts not found in ProCall' },
    description: {
      de: 'Die Kontaktsuche in ProCall {version} findet keine Outlook-Kontakte, obwohl die Outlook-Anbindung aktiviert ist.',
      en: 'The contact search in ProCall {version} finds no Outlook contacts although the Outlook integration is enabled.',
    },
    checklist: {
      de: ['Kontaktsuche ohne Outlook-Treffer.', 'Seit Umstellung auf Microsoft 365.', 'Einzelne Arbeitsplätze.', 'Immer.', 'Outlook-Profil neu angelegt.'],
      en: ['Contact search without Outlook matches.', 'Since moving to Microsoft 365.', 'Some workstations.', 'Always.', 'Recreated the Outlook profile.'],
    },
  },
  {
    products: ['ProCall 8 Enterprise', 'UCServer'],
    category: 'product_defect',
    severities: [1, 2],
    title: { de: 'Audio-/Videochat bricht nach 30 Sekunden ab', en: 'Audio/video chat drops after 30 seconds' },
    description: {
      de: 'WebRTC-Gespräche zwischen Standorten brechen nach etwa 30 Sekunden ab. Innerhalb eines Standorts funktionieren sie.',
      en: 'WebRTC calls between sites drop after about 30 seconds. Within one site they work.',
    },
    checklist: {
      de: ['Gesprächsabbruch nach ca. 30 s.', 'Seit Einrichtung des zweiten Standorts.', 'Alle standortübergreifenden Gespräche.', 'Immer.', 'Firewall-Regeln und STUN/TURN geprüft.'],
      en: ['Call drops after about 30 s.', 'Since the second site was set up.', 'All cross-site calls.', 'Always.', 'Checked firewall rules and STUN/TURN.'],
    },
  },
  {
    products: ['ProCall Mobile', 'UCConnect'],
    category: 'product_defect',
    severities: [2, 3],
    title: { de: 'ProCall Mobile: Push-Benachrichtigungen kommen verspätet', en: 'ProCall Mobile: push notifications arrive late' },
    description: {
      de: 'Eingehende Anrufe werden auf iOS-Geräten erst nach 10–20 Sekunden signalisiert.',
      en: 'Incoming calls are signalled on iOS devices only after 10–20 seconds.',
    },
    checklist: {
      de: ['Verzögerte Anrufsignalisierung.', 'Seit einer Woche, sporadisch.', 'iOS-Geräte, ca. 30 Benutzer.', 'Sporadisch, etwa jeder dritte Anruf.', 'App neu installiert.'],
      en: ['Delayed call signalling.', 'For a week, sporadic.', 'iOS devices, about 30 users.', 'Sporadic, about every third call.', 'Reinstalled the app.'],
    },
  },
];

/** Public staff replies by purpose; `{name}` is the reporter's first name, `{product}` the ticket's product. */
export const STAFF_REPLIES: Readonly<Record<'question' | 'proposal' | 'working' | 'review' | 'solved' | 'closed', Bi>> = {
  question: {
    de: 'Hallo {name}, vielen Dank für Ihre Meldung. Bitte senden Sie uns die Logdateien von {product} (Einstellungen → Diagnose → Logdateien sammeln) und teilen Sie uns die genaue Uhrzeit eines Auftretens mit.',
    en: 'Hello {name}, thank you for your report. Please send us the {product} log files (Settings → Diagnostics → collect log files) and the exact time of one occurrence.',
  },
  proposal: {
    de: 'Hallo {name}, das Verhalten ist uns bekannt. Bitte installieren Sie den aktuellen Hotfix für {product} und prüfen Sie, ob das Problem danach noch auftritt.',
    en: 'Hello {name}, we know this behaviour. Please install the current hotfix for {product} and check whether the problem still occurs.',
  },
  working: {
    de: 'Wir haben die Bearbeitung aufgenommen und analysieren die bereitgestellten Informationen.',
    en: 'We have started working on your request and are analysing the information you provided.',
  },
  review: {
    de: 'Ihr Anliegen erfordert eine weiterführende Analyse durch unsere Entwicklung. Wir melden uns, sobald Ergebnisse vorliegen.',
    en: 'Your request needs further analysis by our development team. We will get back to you as soon as we have results.',
  },
  solved: {
    de: 'Die Ursache ist behoben. Wir betrachten die Anfrage als erledigt; melden Sie sich gerne, falls noch etwas offen ist.',
    en: 'The cause has been fixed. We consider the request resolved; please let us know if anything is still open.',
  },
  closed: {
    de: 'Wir schließen dieses Ticket. Für neue Anliegen eröffnen Sie bitte ein neues Ticket.',
    en: 'We are closing this ticket. Please open a new ticket for new requests.',
  },
};

export const CUSTOMER_REPLIES: readonly Bi[] = [
  { de: 'Die Logdateien hängen an. Der Fehler trat zuletzt heute um 09:14 Uhr auf.', en: 'The log files are attached. The error last occurred today at 09:14.' },
  { de: 'Der Hotfix hat leider nicht geholfen, das Problem besteht weiterhin.', en: 'Unfortunately the hotfix did not help, the problem persists.' },
  { de: 'Wir haben den Vorschlag umgesetzt, bei zwei Arbeitsplätzen tritt es aber noch auf.', en: 'We applied the suggestion, but it still happens on two workstations.' },
  { de: 'Gibt es hierzu schon einen neuen Stand? Die Kollegen fragen täglich nach.', en: 'Is there any news on this? Colleagues ask every day.' },
  { de: 'Ergänzung: Das Problem tritt nur auf, wenn der Benutzer per VPN verbunden ist.', en: 'Addendum: the problem only occurs when the user is connected via VPN.' },
];

export const INTERNAL_NOTES: readonly Bi[] = [
  { de: 'Logs gesichtet: Timeout bei der Verbindung zum UCServer, vermutlich Proxy beim Kunden.', en: 'Checked logs: timeout connecting to the UCServer, probably the customer\'s proxy.' },
  { de: 'Bekanntes Problem, Entwicklungsticket ist verlinkt. Fix für das nächste Release geplant.', en: 'Known problem, development ticket is linked. Fix planned for the next release.' },
  { de: 'Kunde ist telefonisch schwer erreichbar, Rückfragen bitte per Ticket.', en: 'Customer is hard to reach by phone, please ask questions in the ticket.' },
  { de: 'Im Testlabor mit derselben Anlagenversion nachgestellt – reproduzierbar.', en: 'Reproduced in the test lab with the same PBX version.' },
  { de: 'Rücksprache mit dem Partner gehalten, Konfiguration der Firewall war fehlerhaft.', en: 'Talked to the partner, the firewall configuration was wrong.' },
];

export const ESCALATION_REASONS: readonly Bi[] = [
  { de: 'Der Fehler legt seit Tagen unsere Zentrale lahm; wir bitten um eine kurzfristige Abstimmung.', en: 'The fault has crippled our switchboard for days; we ask for a short-term meeting.' },
  { de: 'Seit drei Wochen keine Lösung, unser Kunde droht mit Vertragskündigung.', en: 'No solution for three weeks, our customer threatens to cancel the contract.' },
  { de: 'Wir benötigen eine verbindliche Aussage zum Zeitplan des Fixes.', en: 'We need a binding statement on the schedule of the fix.' },
];

export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}
