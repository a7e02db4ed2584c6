import { Link, usePageTitle } from '../router';

export function NotFound() {
  usePageTitle('Not found');
  return (
    <section className="empty">
      <h1>Nothing here</h1>
      <p>
        This page does not exist. <Link to="/">Back to the home screen</Link>
      </p>
    </section>
  );
}
