import { lazy, Suspense } from 'react';
import { signOut, useSession } from './api';
import { Loading } from './components/ErrorNotice';
import { Link, navigate, useLocation } from './router';
import { Account } from './pages/Account';
import { Admin, STAFF_ROLES } from './pages/admin/Admin';
import { Genre } from './pages/Genre';
import { GuideGrid } from './pages/GuideGrid';
import { Home } from './pages/Home';
import { LiveGuide } from './pages/LiveGuide';
import { NotFound } from './pages/NotFound';
import { Search, SearchBox } from './pages/Search';
import { SignIn } from './pages/SignIn';
import { TitleDetail } from './pages/TitleDetail';

// The player brings hls.js (the largest part of the app): loaded when a viewer first presses Play.
const Watch = lazy(() => import('./pages/Watch').then((m) => ({ default: m.Watch })));

function Page() {
  const { pathname, params } = useLocation();
  if (pathname === '/') return <Home />;
  if (pathname === '/signin') return <SignIn next={params.get('next') ?? '/'} />;
  if (pathname === '/live') return <LiveGuide />;
  if (pathname === '/guide') return <GuideGrid />;
  if (pathname === '/account') return <Account />;
  if (pathname === '/search') return <Search params={params} />;
  const title = /^\/title\/([^/]+)$/.exec(pathname);
  if (title) return <TitleDetail slug={decodeURIComponent(title[1])} />;
  const watch = /^\/watch\/([^/]+)$/.exec(pathname);
  if (watch) {
    return (
      <Suspense fallback={<Loading what="the player" />}>
        <Watch contentId={decodeURIComponent(watch[1])} from={Math.max(0, Number(params.get('from')) || 0)} />
      </Suspense>
    );
  }
  const admin = /^\/admin(?:\/([^/]+))?\/?$/.exec(pathname);
  if (admin) return <Admin section={admin[1] ?? null} />;
  const genre = /^\/genre\/([^/]+)$/.exec(pathname);
  if (genre) return <Genre slug={decodeURIComponent(genre[1])} />;
  return <NotFound />;
}

export function App() {
  const session = useSession();
  const { pathname } = useLocation();
  const current = (path: string) => (pathname === path ? 'page' : undefined);
  return (
    <>
      <header className="topbar">
        <Link to="/" className="brand" aria-label="tvstream home">
          tv<span>stream</span>
        </Link>
        <nav aria-label="Main">
          <Link to="/" aria-current={current('/')}>
            Home
          </Link>
          <Link to="/live" aria-current={current('/live')}>
            Live TV
          </Link>
          <Link to="/guide" aria-current={current('/guide')}>
            TV guide
          </Link>
          {session?.user.roles.some((r) => STAFF_ROLES.includes(r)) && (
            <Link to="/admin" aria-current={pathname.startsWith('/admin') ? 'page' : undefined}>
              Admin
            </Link>
          )}
        </nav>
        <SearchBox />
        <div className="account">
          {session ? (
            <>
              <Link to="/account" className="who" title="Your account: profiles and subscriptions">
                {session.user.displayName}
              </Link>
              {session.profile && session.profile.name !== session.user.displayName && (
                <span className="badge" title={`Age limit ${session.profile.maxMaturity}+`}>
                  {session.profile.name}
                </span>
              )}
              <button
                type="button"
                className="ghost"
                onClick={() => {
                  // The session is dropped at once; the server-side logout finishes in the background.
                  void signOut();
                  navigate('/');
                }}
              >
                Sign out
              </button>
            </>
          ) : (
            <Link to="/signin" className="button">
              Sign in
            </Link>
          )}
        </div>
      </header>
      {/* A new page starts fresh: no data of the previous title while the next one loads. */}
      <main key={pathname}>
        <Page />
      </main>
    </>
  );
}
