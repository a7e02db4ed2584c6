import { useEffect, useState, type SubmitEvent } from 'react';
import { gql, useQuery } from '../../../api';
import { ErrorNotice, Loading } from '../../../components/ErrorNotice';
import { formText } from '../../../forms';
import { useAttempt } from '../useAttempt';
import { ConfirmButton, Field } from '../Admin';
import { OfferForm } from './OfferForm';
import type { Offer } from './shared';
import { AdminTable } from '../AdminTable';

const OFFERS = `query AdminTitleOffers($contentId: ID!) {
  offers(contentId: $contentId, includeInactive: true) {
    id contentId kind price { amount currency formatted } rentalStartWindowHours rentalPlayWindowHours active
  }
}`;
const DELETE = `mutation DeleteOffer($id: ID!) { deleteOffer(id: $id) }`;

/**
 * One title's offers, those no longer sold included, changed or deleted here (deletion asks first);
 * `changes` reloads them after an offer was created.
 */
export function TitleOffers({ contentId, onContentId, changes }: { contentId: string; onContentId: (id: string) => void; changes: number }) {
  const { data, error, loading, refetch } = useQuery<{ offers: Offer[] }>(OFFERS, { contentId }, { skip: !contentId });
  useEffect(() => {
    if (changes) refetch();
  }, [changes, refetch]);
  const [editing, setEditing] = useState<string | null>(null);
  const deletion = useAttempt();
  const show = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    onContentId(formText(new FormData(event.currentTarget), 'title').trim());
  };
  const edited = data?.offers.find((o) => o.id === editing);

  return (
    <section aria-labelledby="title-offers-heading">
      <h2 id="title-offers-heading">Offers of a title</h2>
      <form className="admin-form" aria-label="Find a title's offers" onSubmit={show}>
        <Field id="offers-title" label="Title id to look up">
          <input id="offers-title" name="title" key={contentId} defaultValue={contentId} />
        </Field>
        <button type="submit">Show offers</button>
      </form>
      {error && <ErrorNotice error={error} title="The offers could not be loaded" />}
      {deletion.error && <ErrorNotice error={deletion.error} title="The offer was not deleted" />}
      {contentId && !data && loading && <Loading what="offers" />}
      {data && (
        <AdminTable
          label={`Offers of ${contentId}`}
          columns={['Kind', 'Price', 'Rental windows', 'On sale', 'Actions']}
          rows={data.offers}
          empty="No offer for this title."
          row={(o) => (
            <tr key={o.id}>
              <th scope="row">{o.kind === 'RENT' ? 'rent' : 'buy'}</th>
              <td>{o.price.formatted}</td>
              <td>{o.kind === 'RENT' ? `${o.rentalStartWindowHours} h to start, ${o.rentalPlayWindowHours} h to finish` : '—'}</td>
              <td>{o.active ? 'yes' : 'no'}</td>
              <td>
                <button type="button" onClick={() => setEditing(o.id)}>
                  Edit
                </button>{' '}
                <ConfirmButton
                  label="Delete"
                  confirm={`Delete the ${o.kind === 'RENT' ? 'rent' : 'buy'} offer at ${o.price.formatted}?`}
                  onConfirm={() =>
                    deletion.attempt(async () => {
                      await gql(DELETE, { id: o.id });
                      refetch();
                    })
                  }
                />
              </td>
            </tr>
          )}
        />
      )}
      {edited && (
        <OfferForm
          key={edited.id}
          offer={edited}
          onSaved={(id) => {
            setEditing(null);
            onContentId(id);
            refetch();
          }}
        />
      )}
    </section>
  );
}
