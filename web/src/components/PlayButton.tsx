import { useSession } from '../api';
import { Link, signInPath } from '../router';

const clock = (seconds: number) => {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
};

/**
 * Opens the player page (pages/Watch.tsx), which starts the playback session; with a resume position of
 * the active profile, also offers to continue from there. Shown only where the viewer may watch: refusals
 * (plan's stream cap, rating) appear on the player page, with the reason.
 */
export function PlayButton({ contentId, label = 'Play', resumeAt }: { contentId: string; label?: string; resumeAt?: number | null }) {
  const session = useSession();
  if (!session) {
    return (
      <Link to={signInPath()} className="button primary play-button">
        ▶ Sign in to {label.toLowerCase()}
      </Link>
    );
  }
  return (
    <div className="play">
      {resumeAt ? (
        <Link to={`/watch/${contentId}?from=${resumeAt}`} className="button primary play-button">
          ▶ Resume from {clock(resumeAt)}
        </Link>
      ) : null}
      <Link to={`/watch/${contentId}`} className={resumeAt ? 'button play-button' : 'button primary play-button'}>
        ▶ {resumeAt ? 'Play from the start' : label}
      </Link>
    </div>
  );
}
