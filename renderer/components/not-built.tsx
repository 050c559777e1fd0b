/** What a step shows while its feature is not part of this build: said plainly, never faked. */
import type { StepInfo } from '../state/steps';

export function NotBuilt({ step }: { readonly step: StepInfo }) {
  return (
    <section className="panel" aria-labelledby="nb-title">
      <h2 id="nb-title">{step.title}</h2>
      <p className="muted">{step.summary}.</p>
      <p className="banner banner-info" role="note">
        This step is not built yet in this version of Sitekit. Nothing here changes your site.
      </p>
    </section>
  );
}
