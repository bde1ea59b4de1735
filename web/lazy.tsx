import { type ComponentType, lazy, type ReactNode, Suspense } from 'react';

/*
 * What the first render of the citizen's page does not need, loaded when first shown: the map
 * (MapLibre is most of the app's script; the page and its panels paint while it loads), the leaders'
 * dashboard with its charts, the admin and business screens. Each comes with its own Suspense, so
 * App.tsx uses them like the components they wrap.
 */
function onDemand<P extends object>(load: () => Promise<ComponentType<P>>, fallback: ReactNode = null) {
  const Lazy = lazy(() => load().then((component) => ({ default: component })));
  return function OnDemand(props: P) {
    return (
      <Suspense fallback={fallback}>
        <Lazy {...props} />
      </Suspense>
    );
  };
}

// the map's box, empty until MapLibre has loaded, so nothing moves when it arrives
export const MapView = onDemand(
  () => import('./map/MapView.js').then((m) => m.MapView),
  <div className="map" data-testid="map-loading" />,
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
