using Engage.Functions.Engagement.Summaries;

namespace Engage.Functions.Tests.Engagement.Summaries;

/// <summary>A quarterly check-in with an account where goals, challenges and risks are actually discussed.</summary>
public static class SampleExcerpts
{
    public const string Transcript = """
        Dana Whitfield: Thanks for making time, everyone. Let's start with where things stand on the data migration.
        Priya Raman: Sure. Our goal is to move all three regional warehouses onto the new inventory platform by Q3.
        Priya Raman: The problem is the nightly sync job keeps failing when order volumes spike, and our ops team has to re-run it manually.
        Marcus Lee: Yeah, we're struggling with the data migration too. The legacy SKU codes don't map cleanly, so every batch needs manual cleanup.
        Dana Whitfield: How many SKUs are we talking about?
        Marcus Lee: Around forty thousand. Honestly the manual cleanup is the biggest pain for my team right now.
        Priya Raman: We want to cut order processing time in half before the holiday peak.
        Dana Whitfield: That's doable if we get the sync job stable. What else is on your mind?
        Priya Raman: I'm concerned about the budget. Finance froze new spend until the renewal is signed, and the renewal is in October.
        Marcus Lee: And if this slips past Q3, leadership will look at the competitor that pitched us in the spring.
        Dana Whitfield: Understood. Is there anything blocking the SSO rollout?
        Marcus Lee: We're blocked on the security review for single sign-on. Legal wants the updated data processing agreement first.
        Priya Raman: We need to give store managers real-time stock levels on the new inventory platform, that's the main ask from the regions.
        Dana Whitfield: Great. I'll follow up on the data processing agreement and the sync job fix.
        Priya Raman: One more thing, the nightly sync job failures also mean the regional dashboards are stale every morning.
        Marcus Lee: Right, the data migration and the sync job are really the two things that decide whether this goes well.
        """;

    public static MeetingExcerpt Excerpt(string transcript = Transcript, long meetingId = 4107) => new(
        meetingId,
        "Acme Corp quarterly check-in",
        new DateTimeOffset(2026, 9, 14, 15, 0, 0, TimeSpan.Zero),
        "acmecorp.com",
        1,
        1,
        ["Dana Whitfield", "Priya Raman", "Marcus Lee"],
        transcript);
}
