/** A submitted form field's text, or '' when the form has no such field (file inputs are read as files). */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}
