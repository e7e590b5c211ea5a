/**
 * Icons drawn only by parts of the app that load later (message actions, dialogs, the models page).
 * Apart from ./icons because a module's exports travel together: kept there, they would ride in the
 * first load's chunk with the icons the first screen draws (issue 12's first-load budget).
 */
import { Icon, type IconProps } from './icons';

export const TrashIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M3 6h18M8 6V4h8v2M19 6l-1 14H6L5 6" />
  </Icon>
);
export const ForkIcon = (p: IconProps) => (
  <Icon {...p}>
    <circle cx="6" cy="5" r="2" />
    <circle cx="18" cy="5" r="2" />
    <circle cx="12" cy="19" r="2" />
    <path d="M6 7v2a3 3 0 0 0 3 3h6a3 3 0 0 0 3-3V7" />
    <path d="M12 12v5" />
  </Icon>
);
export const PencilIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M16.5 3.5a2.1 2.1 0 0 1 3 3L7 19l-4 1 1-4Z" />
  </Icon>
);
export const ChevronLeftIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="m15 18-6-6 6-6" />
  </Icon>
);
export const ChevronRightIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="m9 18 6-6-6-6" />
  </Icon>
);
export const ArrowDownIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M12 5v14M5 12l7 7 7-7" />
  </Icon>
);
export const ContinueIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="m7 4 12 8-12 8Z" />
  </Icon>
);
export const ImageIcon = (p: IconProps) => (
  <Icon {...p}>
    <rect x="3" y="3" width="18" height="18" rx="2" />
    <circle cx="9" cy="9" r="2" />
    <path d="m21 15-5-5L5 21" />
  </Icon>
);
export const BrainIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M12 5a3 3 0 0 0-5.9-.8A3 3 0 0 0 4 9a3 3 0 0 0 .5 5.5A3.5 3.5 0 0 0 9 19a3 3 0 0 0 3-1.5M12 5a3 3 0 0 1 5.9-.8A3 3 0 0 1 20 9a3 3 0 0 1-.5 5.5A3.5 3.5 0 0 1 15 19a3 3 0 0 1-3-1.5M12 5v12.5" />
  </Icon>
);
export const WrapIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M3 6h18M3 12h15a3 3 0 0 1 0 6h-4M3 18h7" />
    <path d="m16 16-2 2 2 2" />
  </Icon>
);
export const RefreshCheckIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M21 12a9 9 0 1 1-3-6.7L21 8" />
    <path d="M21 3v5h-5M9 12l2 2 4-4" />
  </Icon>
);
export const FileTextIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M14 3H6a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V9Z" />
    <path d="M14 3v6h6M8 13h8M8 17h6" />
  </Icon>
);
export const FilePdfIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M14 3H6a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V9Z" />
    <path d="M14 3v6h6M8 17v-4h1.5a1.5 1.5 0 0 1 0 3H8" />
  </Icon>
);
