/**
 * The nine statuses of an estos product-support ticket (seed: "Status der Anfragen im estos Produkt-Support").
 * Identifiers use underscores; labels are what users see (the seed writes them in capitals with spaces).
 */
export const TICKET_STATUSES = [
  'NEW',
  'FEEDBACK_REQUEST',
  'PEER_REVIEW',
  'IN_PROGRESS',
  'FEEDBACK_PENDING',
  'IMPLEMENTING',
  'OPEN',
  'DONE',
  'CLOSED',
] as const;

export type TicketStatus = (typeof TICKET_STATUSES)[number];

export interface StatusInfo {
  /** Label as shown in the estos ticket system; identical in both languages. */
  readonly label: string;
  readonly meaning: { readonly de: string; readonly en: string };
  /** Who owes the next action while the ticket is in this status. */
  readonly waitingOn: 'estos' | 'customer' | 'nobody';
  readonly final: boolean;
}

export const STATUS_INFO: Readonly<Record<TicketStatus, StatusInfo>> = {
  NEW: {
    label: 'NEW',
    meaning: {
      de: 'Eine neu erstellte Anfrage ohne Bearbeitung durch estos.',
      en: 'A newly created request not yet handled by estos.',
    },
    waitingOn: 'estos',
    final: false,
  },
  FEEDBACK_REQUEST: {
    label: 'FEEDBACK REQUEST',
    meaning: {
      de: 'Wir haben weitere Fragen oder einen Lösungsvorschlag, der auf Ihre Bestätigung/Rückmeldung wartet. Ohne Reaktion innerhalb einer Woche wechselt der Status automatisch auf FEEDBACK PENDING.',
      en: 'We have further questions or a proposed solution awaiting your confirmation/feedback. Without a reaction within one week the status changes automatically to FEEDBACK PENDING.',
    },
    waitingOn: 'customer',
    final: false,
  },
  PEER_REVIEW: {
    label: 'PEER REVIEW',
    meaning: {
      de: 'Das Anliegen bedarf einer weiterführenden Bearbeitung (z. B. Analysen oder Produktänderungen); vorerst ist keine Rückmeldung zu erwarten.',
      en: 'The request needs further work (e.g. analysis or product changes); no reply should be expected for now.',
    },
    waitingOn: 'estos',
    final: false,
  },
  IN_PROGRESS: {
    label: 'IN PROGRESS',
    meaning: {
      de: 'Wir haben die Bearbeitung (wieder) aufgenommen und klären die nächsten Schritte.',
      en: 'We have (re)started work on the request and are clarifying the next steps.',
    },
    waitingOn: 'estos',
    final: false,
  },
  FEEDBACK_PENDING: {
    label: 'FEEDBACK PENDING',
    meaning: {
      de: 'Wir warten seit mindestens einer Woche auf eine Rückmeldung. Ohne Reaktion innerhalb der nächsten Woche wechselt der Status automatisch auf DONE.',
      en: 'We have been waiting for feedback for at least one week. Without a reaction within the next week the status changes automatically to DONE.',
    },
    waitingOn: 'customer',
    final: false,
  },
  IMPLEMENTING: {
    label: 'IMPLEMENTING',
    meaning: {
      de: 'Der Ersteller setzt den Lösungsvorschlag um. Erst nach vier Wochen ohne Reaktion wechselt der Status automatisch auf FEEDBACK PENDING.',
      en: 'The creator is implementing the proposed solution. Only after four weeks without a reaction does the status change automatically to FEEDBACK PENDING.',
    },
    waitingOn: 'customer',
    final: false,
  },
  OPEN: {
    label: 'OPEN',
    meaning: {
      de: 'Die Anfrage benötigt weiterhin unsere Aufmerksamkeit; es liegen neue Informationen vor.',
      en: 'The request still needs our attention; new information is available.',
    },
    waitingOn: 'estos',
    final: false,
  },
  DONE: {
    label: 'DONE',
    meaning: {
      de: 'Die Anfrage wird als erledigt/beantwortet angesehen.',
      en: 'The request is considered resolved/answered.',
    },
    waitingOn: 'nobody',
    final: false,
  },
  CLOSED: {
    label: 'CLOSED',
    meaning: {
      de: 'Es findet keine weitere Bearbeitung dieses Tickets statt.',
      en: 'No further work takes place on this ticket.',
    },
    waitingOn: 'nobody',
    final: true,
  },
};

export function statusLabel(status: TicketStatus): string {
  return STATUS_INFO[status].label;
}
