import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketDetail } from '../../src-shared/ipc/contract';

const CHECKLIST_KEYS = ['whatHappened', 'whenAndHowLong', 'affectedObjects', 'reproducibility', 'stepsTried'] as const;

/** Description and the seed's checklist answers; an unanswered question says so instead of vanishing. */
export function DescriptionPanel({ detail }: { detail: TicketDetail }) {
  const { t } = useTranslation('detail');
  const hDescription = useId();
  const { ticket } = detail;
  return (
    <section aria-labelledby={hDescription} className="sd-detail-section">
      <h3 id={hDescription}>{t('description.heading')}</h3>
      <p className="sd-detail-product">{t('description.product', { product: ticket.product, version: ticket.productVersion || t('description.versionUnknown') })}</p>
      <div className="sd-detail-description">{ticket.description || t('description.empty')}</div>
      <h4>{t('checklist.heading')}</h4>
      <dl className="sd-checklist">
        {CHECKLIST_KEYS.map((key) => (
          <div key={key}>
            <dt>{t(`checklist.${key}`)}</dt>
            <dd className={ticket.checklist[key].trim() === '' ? 'sd-unanswered' : undefined}>
              {ticket.checklist[key].trim() === '' ? t('checklist.unanswered') : ticket.checklist[key]}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** Reporter, organisation, affected end-user company, visibility, participants, assignee. */
export function PeoplePanel({ detail }: { detail: TicketDetail }) {
  const { t } = useTranslation('detail');
  const hPeople = useId();
  const { ticket, reporter, assignee } = detail;
  const endUser = ticket.endUserCompany;
  return (
    <section aria-labelledby={hPeople} className="sd-detail-section">
      <h3 id={hPeople}>{t('people.heading')}</h3>
      <dl className="sd-facts">
        <div>
          <dt>{t('people.reporter')}</dt>
          <dd>
            {reporter ? t('people.personWithEmail', { name: reporter.displayName, email: reporter.email }) : t('people.unknown')}{' '}
            {t(`people.role.${ticket.reporterRole}`)}
          </dd>
        </div>
        <div>
          <dt>{t('people.organization')}</dt>
          <dd>{detail.organizationName}</dd>
        </div>
        <div>
          <dt>{t('people.endUserCompany')}</dt>
          <dd>
            {endUser
              ? t(endUser.registered ? 'people.endUserRegistered' : 'people.endUserUnregistered', { name: endUser.name })
              : t(ticket.reporterOrganizationRegistered ? 'people.endUserOwnRegistered' : 'people.endUserOwnUnregistered')}
          </dd>
        </div>
        <div>
          <dt>{t('people.visibility')}</dt>
          <dd>{t(`people.visibilityValue.${ticket.visibility}`)}</dd>
        </div>
        <div>
          <dt>{t('people.assignee')}</dt>
          <dd>{assignee ? assignee.displayName : t('people.unassigned')}</dd>
        </div>
        <div>
          <dt>{t('people.participants', { count: ticket.participants.length })}</dt>
          <dd>
            {ticket.participants.length === 0 ? (
              t('people.noParticipants')
            ) : (
              <ul className="sd-participants">
                {ticket.participants.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            )}
          </dd>
        </div>
      </dl>
    </section>
  );
}
