export type Lang = 'vi' | 'en';

/** Every user-facing string, Vietnamese first. */
export const STRINGS = {
  vi: {
    appTitle: 'Bản đồ an toàn COVID-19 Hà Nội',
    appShort: 'safemap Hà Nội',
    switchLang: 'English',
    credits:
      'Ranh giới: sapnhap.bando.com.vn qua vietnamese-provinces-database (MIT) · Dân số: Tổng điều tra 2019 (Tổng cục Thống kê) · Phông chữ: Noto Sans (OFL) · © những người đóng góp OpenStreetMap',
    searchPlaceholder: 'Tìm xã, phường (vd: hoan kiem)',
    searchNoResult: 'Không tìm thấy xã, phường nào',
    population: 'Dân số',
    populationEstimated: 'ước tính từ Tổng điều tra 2019 (đơn vị bị chia tách)',
    populationCensus: 'Tổng điều tra dân số 2019',
    area: 'Diện tích',
    density: 'Mật độ',
    district: 'Quận/huyện cũ',
    code: 'Mã đơn vị',
    close: 'Đóng',
    closeNear: 'Đóng danh sách nơi gần bạn',
    sheetSize: (size: string) => `Kích thước bảng: ${size}. Bấm để đổi`,
    sheetSizes: { peek: 'thu gọn', half: 'một nửa', full: 'toàn màn hình' },
    nearFound: (n: number) => (n === 0 ? 'Không tìm thấy nơi nào' : `Đã tìm thấy ${n} nơi gần nhất`),
    legendOpen: 'Chú giải cấp độ',
    legendClose: 'Thu gọn chú giải',
    olderWeek: 'Tuần trước',
    newerWeek: 'Tuần sau',
    people: 'người',
    perKm2: 'người/km²',
    hotline: 'Đường dây nóng 1022',
    hotlineShort: 'Gọi 1022',
    mapLoading: 'Đang tải bản đồ…',
    noData: 'Chưa có dữ liệu Hà Nội. Xem README để nạp dữ liệu.',
    loadError: 'Không tải được dữ liệu. Vui lòng thử lại.',
    wardsCount: (n: number) => `${n} xã, phường`,
  },
  en: {
    appTitle: 'Hanoi COVID-19 safety map',
    appShort: 'safemap Hanoi',
    switchLang: 'Tiếng Việt',
    credits:
      'Boundaries: sapnhap.bando.com.vn via vietnamese-provinces-database (MIT) · Population: 2019 Census (GSO) · Fonts: Noto Sans (OFL) · © OpenStreetMap contributors',
    searchPlaceholder: 'Find a ward or commune (e.g. hoan kiem)',
    searchNoResult: 'No ward or commune found',
    population: 'Population',
    populationEstimated: 'estimated from the 2019 Census (split units)',
    populationCensus: '2019 Population Census',
    area: 'Area',
    density: 'Density',
    district: 'Former district',
    code: 'Unit code',
    close: 'Close',
    closeNear: 'Close the list of places near you',
    sheetSize: (size: string) => `Panel size: ${size}. Press to change`,
    sheetSizes: { peek: 'small', half: 'half', full: 'full screen' },
    nearFound: (n: number) => (n === 0 ? 'No place found' : `Found the ${n} nearest places`),
    legendOpen: 'Level legend',
    legendClose: 'Fold the legend',
    olderWeek: 'Previous week',
    newerWeek: 'Next week',
    people: 'people',
    perKm2: 'people/km²',
    hotline: 'Hotline 1022',
    hotlineShort: 'Call 1022',
    mapLoading: 'Loading the map…',
    noData: 'No Hanoi data loaded yet. See the README to import it.',
    loadError: 'Could not load data. Please try again.',
    wardsCount: (n: number) => `${n} wards and communes`,
  },
} as const;

export type Strings = (typeof STRINGS)[Lang];

/** MapLibre's own control labels (its `locale` option), in the page's language. */
export const MAP_LOCALE: Record<Lang, Record<string, string>> = {
  vi: {
    'AttributionControl.ToggleAttribution': 'Hiện/ẩn nguồn dữ liệu bản đồ',
    'AttributionControl.MapFeedback': 'Góp ý về bản đồ',
    'GeolocateControl.FindMyLocation': 'Tìm vị trí của tôi',
    'GeolocateControl.LocationNotAvailable': 'Không có vị trí',
    'LogoControl.Title': 'Biểu trưng MapLibre',
    'Map.Title': 'Bản đồ',
    'Marker.Title': 'Điểm đánh dấu',
    'NavigationControl.ResetBearing': 'Kéo để xoay bản đồ, bấm để về hướng bắc',
    'NavigationControl.ZoomIn': 'Phóng to',
    'NavigationControl.ZoomOut': 'Thu nhỏ',
    'Popup.Close': 'Đóng',
    'ScaleControl.Meters': 'm',
    'ScaleControl.Kilometers': 'km',
    'CooperativeGesturesHandler.MobileHelpText': 'Dùng hai ngón tay để di chuyển bản đồ',
  },
  en: {
    'AttributionControl.ToggleAttribution': 'Show or hide the map credits',
    'AttributionControl.MapFeedback': 'Map feedback',
    'GeolocateControl.FindMyLocation': 'Find my location',
    'GeolocateControl.LocationNotAvailable': 'Location not available',
    'LogoControl.Title': 'MapLibre logo',
    'Map.Title': 'Map',
    'Marker.Title': 'Map marker',
    'NavigationControl.ResetBearing': 'Drag to rotate the map, click to reset north',
    'NavigationControl.ZoomIn': 'Zoom in',
    'NavigationControl.ZoomOut': 'Zoom out',
    'Popup.Close': 'Close',
    'ScaleControl.Meters': 'm',
    'ScaleControl.Kilometers': 'km',
    'CooperativeGesturesHandler.MobileHelpText': 'Use two fingers to move the map',
  },
};

/** Number formatting in the user's language (Vietnamese uses dots for thousands). */
export function formatNumber(n: number, lang: Lang, digits = 0): string {
  return n.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: digits });
}
