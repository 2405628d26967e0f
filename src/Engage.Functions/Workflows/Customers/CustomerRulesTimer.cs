using Engage.Functions.Records;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Workflows.Customers;

/// <summary>
/// On <c>CUSTOMER_RULES_CRON</c> (daily, just after midnight UTC): renewals come a day nearer, so every customer's
/// renewal stage (and account plan) is recomputed and saved when it changed, and every customer's executions are
/// re-ranked in the queue, whose renewal proximity changed either way (docs/workflow-customer-rules.md).
/// </summary>
public sealed partial class CustomerRulesTimer(CustomerStore customers, ILogger<CustomerRulesTimer> logger)
{
    public const string FunctionName = "CustomerRules";
    public const string ScheduleSetting = "CUSTOMER_RULES_CRON";
    private const int Attempts = 3;

    [Function(FunctionName)]
    public async Task RunAsync([TimerTrigger("%" + ScheduleSetting + "%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        int seen = 0, recomputed = 0;
        await foreach (var customer in customers.AllAsync(cancellationToken))
        {
            seen++;
            if (await RecomputeAsync(customer, cancellationToken) is { } current)
            {
                recomputed += current.Changed ? 1 : 0;
                await customers.SyncQueueAsync(current.Customer, cancellationToken);
            }
        }

        LogRecomputed(seen, recomputed, customers.Today);
    }

    /// <summary>
    /// The customer recomputed, read again when a request changed it meanwhile. Null once deleted, or when it keeps
    /// changing: every change derives the fields anyway, and tomorrow's run re-ranks it.
    /// </summary>
    private async Task<(Customer Customer, bool Changed)?> RecomputeAsync(Customer customer, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            try
            {
                return await customers.RecomputeAsync(customer, cancellationToken);
            }
            catch (RecordConflictException)
            {
                if (await customers.FindAsync(customer.Id, cancellationToken) is not { } reread)
                {
                    return null;
                }

                customer = reread;
            }
        }

        LogSkipped(customer.Id, Attempts);
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Customer rules: {CustomerId} changed during each of {Attempts} attempts and is left to its next change or tomorrow's run")]
    private partial void LogSkipped(string customerId, int attempts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Customer rules: {Customers} customers re-ranked for {Today}, {Recomputed} of them with a new renewal stage or account plan")]
    private partial void LogRecomputed(int customers, int recomputed, DateOnly today);
}
