using Engage.Functions.Engagement.Meetings;

namespace Engage.Functions.Tests.Engagement;

/// <summary>Small meetings with transcripts that state goals, challenges and risks plainly.</summary>
public static class SampleMeetings
{
    public static IReadOnlyList<Meeting> For(string domain, int count, DateTimeOffset now)
    {
        return Enumerable.Range(1, count).Select(i => new Meeting(
            1000 + i,
            $"Weekly sync {i}",
            now.AddDays(-count + i),
            now.AddDays(-count + i).AddMinutes(30),
            [
                new MeetingInvitee("Dana Buyer", $"dana@{domain}", true),
                new MeetingInvitee($"Lee Ops {i % 2}", $"lee{i % 2}@{domain}", true),
                new MeetingInvitee("Sam Seller", "sam@engage-demo.io", false),
            ],
            [
                new TranscriptLine("Dana Buyer", null, "Our goal is to migrate all reporting to the new platform by Q3.", TimeSpan.FromSeconds(5)),
                new TranscriptLine("Sam Seller", null, "What is blocking the data migration today?", TimeSpan.FromSeconds(20)),
                new TranscriptLine($"Lee Ops {i % 2}", null, "The problem is that SSO rollout keeps failing for contractors.", TimeSpan.FromSeconds(35)),
                new TranscriptLine("Dana Buyer", null, "The risk is that the renewal slips if the data migration is late.", TimeSpan.FromSeconds(50)),
                new TranscriptLine("Sam Seller", null, "We will send a migration plan and schedule an SSO workshop.", TimeSpan.FromSeconds(65)),
            ])).ToList();
    }
}
