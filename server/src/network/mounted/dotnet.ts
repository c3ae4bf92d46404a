// .NET's `appsettings*.json`: connection strings (`ConnectionStrings:Default`) and the addresses of other
// settings, keys joined with `:` as .NET's configuration names them.
import type { MountedAddress } from './address';
import { appSettingAddresses } from './appSettings';
import { treeValues } from './settingValues';

export function dotnetAddresses(text: string): MountedAddress[] {
  return appSettingAddresses(treeValues(text, ':'));
}
