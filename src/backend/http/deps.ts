import type { AppConfig } from '../../utils/config';
import type { Logger } from '../../utils/logger';
import type { AppService } from '../app-service';

/** What route handlers may use; built by BackendService. Business logic is behind `service`. */
export interface HttpDeps {
  config: AppConfig;
  logger: Logger;
  service: AppService;
  /** Absolute path of the built GUI (dist/gui), or null when not built. */
  guiDir: string | null;
}
