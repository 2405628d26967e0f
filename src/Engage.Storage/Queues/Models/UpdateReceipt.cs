namespace Engage.Storage.Queues.Models;

/// <summary>What the service answers to an update: the new pop receipt, which replaces the old one.</summary>
public sealed class UpdateReceipt
{
    internal UpdateReceipt(string popReceipt, DateTimeOffset nextVisibleOn)
    {
        PopReceipt = popReceipt;
        NextVisibleOn = nextVisibleOn;
    }

    public string PopReceipt { get; }

    public DateTimeOffset NextVisibleOn { get; }
}
