namespace Engage.Functions.Tests.Deployment;

/// <summary>
/// Publishing compiles the whole app and keeps both cores busy for about a minute; it runs on its own, after the
/// parallel tests, so their timing-sensitive work never competes with it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PublishCollection
{
    public const string Name = "Publish";
}
