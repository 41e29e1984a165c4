/**
 * Demo knowledge-base articles, each in German and English. Invented but plausible support content about
 * estos products; tags are single words so they can be matched by search.
 */
export interface DemoArticle {
  product: string | null;
  tags: readonly string[];
  de: { title: string; body: string };
  en: { title: string; body: string };
}

export const DEMO_ARTICLES: readonly DemoArticle[] = [
  {
    product: 'ProCall 8 Enterprise',
    tags: ['procall', 'update', 'client', 'start'],
    de: {
      title: 'ProCall Client startet nach einem Update nicht',
      body: 'Beendet sich der ProCall Client direkt nach dem Start, ist meist ein veralteter Cache die Ursache.\n\n## Lösung\n1. Client beenden.\n2. Den Ordner `%LOCALAPPDATA%\\estos\\ProCall\\cache` löschen.\n3. Client neu starten.\n\nHilft das nicht, senden Sie uns die Logdateien (Einstellungen → Diagnose).',
    },
    en: {
      title: 'ProCall client does not start after an update',
      body: 'If the ProCall client exits right after starting, an outdated cache is the usual cause.\n\n## Solution\n1. Quit the client.\n2. Delete the folder `%LOCALAPPDATA%\\estos\\ProCall\\cache`.\n3. Start the client again.\n\nIf that does not help, send us the log files (Settings → Diagnostics).',
    },
  },
  {
    product: 'ECSTA for Panasonic',
    tags: ['ecsta', 'tapi', 'pbx', 'panasonic'],
    de: {
      title: 'ECSTA: Leitungen nach Neustart der TK-Anlage wieder überwachen',
      body: 'Nach einem Neustart der Telefonanlage verliert der TAPI-Treiber die Verbindung. Ab ECSTA 7.2 stellt der Treiber die Überwachung automatisch wieder her.\n\nFür ältere Versionen: TAPI-Dienst neu starten oder in der ECSTA-Konfiguration „Automatisch neu verbinden“ aktivieren.',
    },
    en: {
      title: 'ECSTA: monitoring lines again after a PBX restart',
      body: 'After the PBX restarts, the TAPI driver loses its connection. From ECSTA 7.2 the driver restores monitoring automatically.\n\nFor older versions: restart the TAPI service or enable "reconnect automatically" in the ECSTA configuration.',
    },
  },
  {
    product: 'MetaDirectory',
    tags: ['metadirectory', 'exchange', 'replication', 'permissions'],
    de: {
      title: 'MetaDirectory: Replikation aus Exchange Online einrichten',
      body: 'Der Replikationsdienst benötigt eine App-Registrierung in Microsoft Entra ID mit der Berechtigung `Contacts.Read` (Anwendung).\n\n## Schritte\n- App registrieren und Geheimnis erzeugen\n- Datenquelle „Exchange Online“ in MetaDirectory anlegen\n- Replikationsplan festlegen',
    },
    en: {
      title: 'MetaDirectory: setting up replication from Exchange Online',
      body: 'The replication service needs an app registration in Microsoft Entra ID with the `Contacts.Read` (application) permission.\n\n## Steps\n- Register the app and create a secret\n- Add an "Exchange Online" data source in MetaDirectory\n- Define the replication schedule',
    },
  },
  {
    product: 'MetaDirectory',
    tags: ['metadirectory', 'search', 'umlauts', 'index'],
    de: {
      title: 'MetaDirectory findet keine Einträge mit Umlauten',
      body: 'Sucht MetaDirectory „Müller“ nicht, aber „Mueller“, ist die Datenbank mit einer falschen Sortierfolge angelegt. Stellen Sie die Kollation auf Unicode um und bauen Sie den Suchindex neu auf (Verwaltung → Index → Neu erstellen).',
    },
    en: {
      title: 'MetaDirectory finds no entries with umlauts',
      body: 'If MetaDirectory does not find "Müller" but finds "Mueller", the database was created with the wrong collation. Switch the collation to Unicode and rebuild the search index (Administration → Index → Rebuild).',
    },
  },
  {
    product: 'STARFACE Integration',
    tags: ['starface', 'presence', 'mapping'],
    de: {
      title: 'STARFACE: Präsenz in ProCall anzeigen',
      body: 'Damit die Präsenz aus der STARFACE-Anlage in ProCall erscheint, muss jedem ProCall-Benutzer der passende STARFACE-Benutzer zugeordnet sein. Prüfen Sie die Zuordnung im UCServer-Verwaltungsprogramm unter „Leitungen“.',
    },
    en: {
      title: 'STARFACE: showing presence in ProCall',
      body: 'For presence from the STARFACE PBX to appear in ProCall, each ProCall user must be mapped to the matching STARFACE user. Check the mapping in the UCServer administration under "Lines".',
    },
  },
  {
    product: 'UCConnect',
    tags: ['ucconnect', 'cloud', 'mobile', 'outage'],
    de: {
      title: 'UCConnect: Verbindungsprobleme zum Cloud-Dienst',
      body: 'Können sich mobile Clients nicht über UCConnect anmelden, prüfen Sie zuerst die Statusseite des Dienstes. Liegt keine Störung vor, kontrollieren Sie das Zertifikat des UCServers und die ausgehende Verbindung auf Port 443.',
    },
    en: {
      title: 'UCConnect: connection problems with the cloud service',
      body: 'If mobile clients cannot sign in through UCConnect, check the service status page first. If there is no outage, check the UCServer certificate and the outbound connection on port 443.',
    },
  },
  {
    product: 'ProCall 8 Enterprise',
    tags: ['licence', 'licensing', 'users'],
    de: {
      title: 'Lizenzen für zusätzliche Benutzer',
      body: 'Zusätzliche Benutzer werden über eine Erweiterungslizenz freigeschaltet; bestehende Lizenzen bleiben gültig. Tragen Sie den neuen Lizenzschlüssel in der UCServer-Verwaltung unter „Lizenzen“ ein.',
    },
    en: {
      title: 'Licences for additional users',
      body: 'Additional users are enabled with an extension licence; existing licences stay valid. Enter the new licence key in the UCServer administration under "Licences".',
    },
  },
  {
    product: 'UCServer',
    tags: ['journal', 'database', 'maintenance'],
    de: {
      title: 'Journal-Einträge nach Datenbankwartung verschwunden',
      body: 'Die Wartung löscht Journal-Einträge, die älter als die eingestellte Aufbewahrungsdauer sind. Prüfen Sie die Einstellung „Journal → Aufbewahrung“; ein Wert von 0 Tagen löscht bei jeder Wartung alles.',
    },
    en: {
      title: 'Journal entries gone after database maintenance',
      body: 'Maintenance deletes journal entries older than the configured retention. Check "Journal → Retention"; a value of 0 days deletes everything on every maintenance run.',
    },
  },
  {
    product: 'ProCall 8 Enterprise',
    tags: ['outlook', 'contacts', 'microsoft365'],
    de: {
      title: 'Outlook-Kontakte in ProCall durchsuchen',
      body: 'Nach der Umstellung auf Microsoft 365 muss die Outlook-Anbindung neu autorisiert werden: Einstellungen → Kontaktquellen → Outlook → Anmelden.',
    },
    en: {
      title: 'Searching Outlook contacts in ProCall',
      body: 'After moving to Microsoft 365 the Outlook integration has to be authorised again: Settings → Contact sources → Outlook → Sign in.',
    },
  },
  {
    product: 'ProCall 8 Enterprise',
    tags: ['webrtc', 'firewall', 'stun', 'turn', 'audio', 'video'],
    de: {
      title: 'Audio-/Videochat bricht zwischen Standorten ab',
      body: 'Brechen WebRTC-Gespräche nach etwa 30 Sekunden ab, blockiert meist die Firewall UDP-Medienpakete. Geben Sie die UDP-Ports des TURN-Servers frei oder erzwingen Sie TURN über TCP 443.',
    },
    en: {
      title: 'Audio/video chat drops between sites',
      body: 'If WebRTC calls drop after about 30 seconds, the firewall usually blocks UDP media packets. Open the TURN server\'s UDP ports or force TURN over TCP 443.',
    },
  },
  {
    product: null,
    tags: ['ticket', 'support', 'checklist'],
    de: {
      title: 'So erstellen Sie eine vollständige Support-Anfrage',
      body: 'Beantworten Sie die Fragen der Checkliste: Was ist passiert? Wann und wie lange? Welche Objekte sind betroffen? Ist es reproduzierbar? Was haben Sie bereits versucht?\n\nAls Partner geben Sie bitte das betroffene Endanwenderunternehmen an.',
    },
    en: {
      title: 'How to file a complete support request',
      body: 'Answer the checklist questions: What happened? When and for how long? Which objects are affected? Is it reproducible? What have you tried?\n\nPartners, please name the affected end user\'s company.',
    },
  },
  {
    product: 'ProCall Mobile',
    tags: ['mobile', 'push', 'ios', 'notifications'],
    de: {
      title: 'ProCall Mobile: verspätete Push-Benachrichtigungen unter iOS',
      body: 'Verzögerte Anrufsignalisierung unter iOS entsteht häufig durch den Energiesparmodus. Nehmen Sie ProCall Mobile von „Hintergrundaktualisierung einschränken“ aus und prüfen Sie die Fokus-Einstellungen.',
    },
    en: {
      title: 'ProCall Mobile: late push notifications on iOS',
      body: 'Delayed call signalling on iOS is often caused by low power mode. Exclude ProCall Mobile from background refresh restrictions and check the Focus settings.',
    },
  },
];
