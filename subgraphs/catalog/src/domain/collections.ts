import { badInput, type FieldError } from '@tvstream/service-kit';

export interface CollectionFields {
  slug: string;
  name: string;
  kind: 'CURATED' | 'NEW_THIS_MONTH' | 'POPULAR_IN_GENRE';
  genre?: string | null;
  position?: number | null;
}

/** A rail's fields, all checked at once so the form shows every problem together. */
export function validateCollectionFields(input: CollectionFields): void {
  const errors: FieldError[] = [];
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(input.slug)) errors.push({ field: 'slug', message: 'Use lowercase letters, digits and single dashes' });
  const nameError = collectionNameError(input.name);
  if (nameError) errors.push(nameError);
  if (input.kind === 'POPULAR_IN_GENRE' && !input.genre) errors.push({ field: 'genre', message: 'Name the genre slug' });
  if (input.position != null && (!Number.isInteger(input.position) || input.position < 0)) {
    errors.push({ field: 'position', message: 'Use zero or a positive whole number' });
  }
  if (errors.length) throw badInput('The rail has invalid fields', errors);
}

function collectionNameError(name: string): FieldError | null {
  return name.trim().length < 1 || name.length > 100 ? { field: 'name', message: 'Use 1 to 100 characters' } : null;
}

/** A rail's new name, trimmed. */
export function checkCollectionName(name: string): string {
  const error = collectionNameError(name);
  if (error) throw badInput('The rail has an invalid name', [error]);
  return name.trim();
}
