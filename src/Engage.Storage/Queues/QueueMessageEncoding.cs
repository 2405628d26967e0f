namespace Engage.Storage.Queues;

/// <summary>How message text is put on the wire, as in Azure.Storage.Queues.</summary>
public enum QueueMessageEncoding
{
    /// <summary>The text goes into the XML body as is (XML-escaped).</summary>
    None,

    /// <summary>The UTF-8 bytes of the text go into the XML body as Base64.</summary>
    Base64,
}
