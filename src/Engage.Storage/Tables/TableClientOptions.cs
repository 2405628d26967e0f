namespace Engage.Storage.Tables;

public sealed class TableClientOptions(TableClientOptions.ServiceVersion version = TableClientOptions.ServiceVersion.V2020_12_06)
    : StorageClientOptions((int)version)
{
    public enum ServiceVersion
    {
        V2019_02_02 = 1,
        V2020_12_06 = 2,
    }
}
