using System.Globalization;
using System.Text;
using System.Xml;

namespace Engage.Storage.Queues;

/// <summary>The Queue service's XML: the message body it takes and the message lists it answers.</summary>
internal static class QueueMessageXml
{
    private static readonly XmlWriterSettings WriterSettings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        OmitXmlDeclaration = true,
        // A literal CR reaches the reader as LF (XML line-end normalisation); &#xD; survives it.
        NewLineHandling = NewLineHandling.Entitize,
    };

    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        XmlResolver = null,
    };

    /// <summary><c>&lt;QueueMessage&gt;&lt;MessageText&gt;…&lt;/MessageText&gt;&lt;/QueueMessage&gt;</c>, the text XML-escaped.</summary>
    /// <exception cref="ArgumentException">The text holds a character XML 1.0 cannot carry.</exception>
    public static byte[] WriteMessage(string messageText)
    {
        using var buffer = new MemoryStream(messageText.Length + 64);
        try
        {
            using var writer = XmlWriter.Create(buffer, WriterSettings);
            writer.WriteStartElement("QueueMessage");
            writer.WriteElementString("MessageText", messageText);
            writer.WriteEndElement();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException(
                $"The message text cannot be sent as XML ({e.Message}). Control characters and unpaired surrogates need QueueMessageEncoding.Base64.",
                nameof(messageText),
                e);
        }

        return buffer.ToArray();
    }

    public static List<QueueWireMessage> ReadMessages(BinaryData content)
    {
        var messages = new List<QueueWireMessage>();
        using var reader = XmlReader.Create(content.ToStream(), ReaderSettings);
        reader.MoveToContent();
        reader.ReadStartElement("QueueMessagesList");
        while (reader.MoveToContent() == XmlNodeType.Element)
        {
            if (reader.LocalName == "QueueMessage")
            {
                messages.Add(ReadMessage(reader));
            }
            else
            {
                reader.Skip();
            }
        }

        return messages;
    }

    private static QueueWireMessage ReadMessage(XmlReader reader)
    {
        string? messageId = null, popReceipt = null, messageText = null;
        long dequeueCount = 0;
        DateTimeOffset? insertionTime = null, expirationTime = null, timeNextVisible = null;

        reader.ReadStartElement();
        while (reader.MoveToContent() == XmlNodeType.Element)
        {
            switch (reader.LocalName)
            {
                case "MessageId":
                    messageId = reader.ReadElementContentAsString();
                    break;
                case "PopReceipt":
                    popReceipt = reader.ReadElementContentAsString();
                    break;
                case "MessageText":
                    messageText = reader.ReadElementContentAsString();
                    break;
                case "DequeueCount":
                    dequeueCount = long.Parse(reader.ReadElementContentAsString(), NumberStyles.None, CultureInfo.InvariantCulture);
                    break;
                case "InsertionTime":
                    insertionTime = ParseTime(reader.ReadElementContentAsString());
                    break;
                case "ExpirationTime":
                    expirationTime = ParseTime(reader.ReadElementContentAsString());
                    break;
                case "TimeNextVisible":
                    timeNextVisible = ParseTime(reader.ReadElementContentAsString());
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        reader.ReadEndElement();
        return new QueueWireMessage(
            messageId ?? throw new FormatException("A QueueMessage in the service's answer has no MessageId."),
            popReceipt,
            messageText,
            dequeueCount,
            insertionTime,
            expirationTime,
            timeNextVisible);
    }

    /// <summary>The service writes every time as RFC 1123 (<c>Fri, 31 Dec 9999 23:59:59 GMT</c>).</summary>
    public static DateTimeOffset ParseTime(string value) =>
        DateTimeOffset.ParseExact(value, "R", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
