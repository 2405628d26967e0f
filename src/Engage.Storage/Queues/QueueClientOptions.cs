namespace Engage.Storage.Queues;

public sealed class QueueClientOptions(QueueClientOptions.ServiceVersion version = QueueClientOptions.ServiceVersion.V2020_12_06)
    : StorageClientOptions((int)version)
{
    public enum ServiceVersion
    {
        V2019_02_02 = 1,
        V2020_12_06 = 2,
    }

    /// <summary>
    /// Base64 by default, unlike Azure.Storage.Queues (None): Engage's convention is the Azure
    /// Functions queue trigger's default, so every producer and consumer agrees without
    /// configuration. See docs/queue-message-encoding.md.
    /// </summary>
    public QueueMessageEncoding MessageEncoding { get; set; } = QueueMessageEncoding.Base64;
}
