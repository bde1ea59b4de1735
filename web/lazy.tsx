import { type ComponentType, lazy, type ReactNode, Suspense } from 'react';
import { type Lang, STRINGS } from './i18n/strings.js';

/*
 * What the first render of the citizen's page does not need, loaded when first shown: the map
 * (MapLibre is most of the app's script; the page and its panels paint while it loads), the leaders'
 * dashboard with its charts, the admin and business screens. Each comes with its own Suspense, so
 * App.tsx uses them like the components they wrap.
 */
function onDemand<P extends object>(
  load: () => Promise<ComponentType<P>>,
  fallback: (props: P) => ReactNode = () => null,
) {
  const Lazy = lazy(() => load().then((component) => ({ default: component })));
  return function OnDemand(props: P) {
    // the build's render of the first view (web/shell.tsx) shows the fallback and loads nothing
    if (typeof window === 'undefined') return fallback(props);
    return (
      <Suspense fallback={fallback(props)}>
        <Lazy {...props} />
      </Suspense>
    );
  };
}

/**
 * Once the page has painted: a requestAnimationFrame callback runs just before a paint, a task it
 * queues runs after it. A hidden page paints nothing, so a timer stands in.
 */
function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 200);
    requestAnimationFrame(() => {
      clearTimeout(timer);
      setTimeout(resolve, 0);
    });
  });
}

// the map's box in the map's own background colour, saying it is on its way, so nothing moves when it
// arrives; MapLibre (about 290 KB of script) is fetched once the page has painted, not before
export const MapView = onDemand(
  () => afterPaint().then(() => import('./map/MapView.js').then((m) => m.MapView)),
  ({ lang }: { lang: Lang }) => (
    <div className="map" data-testid="map-loading">
      <p className="map-loading">{STRINGS[lang].mapLoading}</p>
    </div>
  ),
);
export const NearMarkers = onDemand(() => import('./map/NearMarkers.js').then((m) => m.NearMarkers));
export const Dashboard = onDemand(() => import('./analysis/Dashboard.js').then((m) => m.Dashboard));
export const AdminPanel = onDemand(() => import('./admin/AdminPanel.js').then((m) => m.AdminPanel));
export const ImportDialog = onDemand(() => import('./admin/ImportDialog.js').then((m) => m.ImportDialog));
export const NewResourceDialog = onDemand(() =>
  import('./admin/NewResourceDialog.js').then((m) => m.NewResourceDialog),
);
export const BusinessCard = onDemand(() => import('./business/BusinessCard.js').then((m) => m.BusinessCard));
export const MyPremisesPanel = onDemand(() => import('./business/MyPremisesPanel.js').then((m) => m.MyPremisesPanel));
export const OfficialPremisesPanel = onDemand(() =>
  import('./business/OfficialPremisesPanel.js').then((m) => m.OfficialPremisesPanel),
);
