namespace Engage.Testing;

/// <summary>Polls for what a durable timer or orchestration does by itself, a few seconds later.</summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Still not {what ?? "done"} after {timeout ?? TimeSpan.FromSeconds(30)}; last value: {value}");
            }

            await Task.Delay(200);
        }
    }
}
