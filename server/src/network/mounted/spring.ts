// Spring Boot's `application*.yml|yaml|properties` (and `bootstrap*`): the addresses of its settings
// (`spring.datasource.url`, `spring.data.redis.host` + `port`, `spring.kafka.bootstrap-servers`, ...).
import type { MountedAddress } from './address';
import { appSettingAddresses } from './appSettings';
import { propertiesValues, treeValues } from './settingValues';

export function springAddresses(file: string, text: string): MountedAddress[] {
  const values = file.endsWith('.properties') ? propertiesValues(text) : treeValues(text, '.');
  return appSettingAddresses(values);
}
