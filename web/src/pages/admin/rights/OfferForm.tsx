import { gql } from '../../../api';
import { formText } from '../../../forms';
import { AdminForm, Field } from '../Admin';
import { money, OnSaleField, PriceFields, type Offer } from './shared';

const CREATE = `mutation CreateOffer($input: OfferInput!) { createOffer(input: $input) { id } }`;
const UPDATE = `mutation UpdateOffer($id: ID!, $input: OfferInput!) { updateOffer(id: $id, input: $input) { id } }`;

const hours = (form: FormData, name: string) => (form.get(name) ? Number(form.get(name)) : undefined);

/**
 * A new offer to rent or buy one title, or `offer` changed (past purchases keep their terms); rental
 * windows apply to rentals only. `onSaved` learns the title, so its offers can be shown.
 */
export function OfferForm({ offer, onSaved }: { offer?: Offer; onSaved: (contentId: string) => void }) {
  const id = offer ? `edit-offer-${offer.id}` : 'offer';
  return (
    <AdminForm
      id={offer ? id : 'new-offer'}
      heading={offer ? `Edit ${offer.kind === 'RENT' ? 'rent' : 'buy'} offer` : 'New offer'}
      submitLabel={offer ? 'Save offer' : 'Create offer'}
      failedTitle={offer ? 'The offer was not changed' : 'The offer was not created'}
      onDone={() => undefined}
      run={async (form) => {
        const input = {
          contentId: formText(form, 'content').trim(),
          kind: formText(form, 'kind'),
          price: money(form),
          rentalStartWindowHours: hours(form, 'startWindow'),
          rentalPlayWindowHours: hours(form, 'playWindow'),
          active: offer ? form.get('active') === 'on' : undefined,
        };
        await (offer ? gql(UPDATE, { id: offer.id, input }) : gql(CREATE, { input }));
        onSaved(input.contentId);
      }}
    >
      {(errors) => (
        <>
          <Field id={`${id}-content`} label="Title id" error={errors.contentId}>
            <input id={`${id}-content`} name="content" defaultValue={offer?.contentId} />
          </Field>
          <Field id={`${id}-kind`} label="Kind" error={errors.kind}>
            <select id={`${id}-kind`} name="kind" defaultValue={offer?.kind ?? 'RENT'}>
              <option value="RENT">rent</option>
              <option value="BUY">buy</option>
            </select>
          </Field>
          <PriceFields id={id} what="Offer" errors={errors} price={offer?.price} />
          <Field id={`${id}-start-window`} label="Rental: hours to start" error={errors.rentalStartWindowHours}>
            <input id={`${id}-start-window`} name="startWindow" type="number" min={1} defaultValue={offer?.rentalStartWindowHours ?? undefined} />
          </Field>
          <Field id={`${id}-play-window`} label="Rental: hours to finish once started" error={errors.rentalPlayWindowHours}>
            <input id={`${id}-play-window`} name="playWindow" type="number" min={1} defaultValue={offer?.rentalPlayWindowHours ?? undefined} />
          </Field>
          {offer && <OnSaleField id={id} active={offer.active} error={errors.active} />}
        </>
      )}
    </AdminForm>
  );
}
