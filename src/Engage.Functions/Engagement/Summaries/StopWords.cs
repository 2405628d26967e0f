namespace Engage.Functions.Engagement.Summaries;

/// <summary>
/// English function words plus the filler of spoken meetings ("yeah", "gonna", "next week"): words that
/// repeat in every conversation and so say nothing about what this one was about.
/// </summary>
internal static class StopWords
{
    private static readonly HashSet<string> Words = new(StringComparer.Ordinal)
    {
        "a", "about", "above", "actually", "after", "again", "against", "ago", "ahead", "all", "almost", "also",
        "always", "am", "an", "and", "another", "any", "anyone", "anything", "anyway", "are", "around", "as", "ask",
        "at", "away", "back", "bad", "basically", "be", "because", "been", "before", "being", "below", "best",
        "better", "between", "big", "bit", "both", "but", "by", "call", "calls", "came", "can", "can't", "cannot",
        "come", "comes", "coming", "could", "couldn't", "day", "days", "definitely", "did", "didn't", "do", "does",
        "doesn't", "doing", "don't", "done", "down", "during", "each", "either", "else", "end", "enough", "even",
        "ever", "every", "everybody", "everyone", "everything", "exactly", "fine", "first", "folks", "for", "from",
        "further", "get", "gets", "getting", "give", "go", "goes", "going", "gonna", "good", "got", "gotta", "great",
        "guess", "guys", "had", "has", "hasn't", "have", "haven't", "having", "he", "hear", "hello", "help", "her",
        "here", "hey", "hi", "him", "his", "honestly", "hope", "how", "i", "i'd", "i'll", "i'm", "i've", "if", "in",
        "into", "is", "isn't", "it", "it's", "its", "itself", "just", "keep", "kind", "know", "last", "least",
        "less", "let", "let's", "like", "little", "look", "looking", "lot", "lots", "made", "make", "makes",
        "making", "many", "may", "maybe", "me", "mean", "meeting", "might", "mine", "minute", "minutes", "moment",
        "month", "months", "more", "most", "much", "must", "my", "need", "needs", "never", "new", "next", "nice",
        "no", "nope", "nor", "not", "nothing", "now", "of", "off", "oh", "ok", "okay", "on", "once", "one", "only",
        "or", "other", "others", "our", "ours", "out", "over", "own", "part", "people", "perfect", "place",
        "point", "pretty", "probably", "put", "question", "questions", "quick", "quite", "rather", "really",
        "right", "said", "same", "say", "saying", "says", "see", "seems", "seen", "she", "should", "shouldn't",
        "since", "so", "some", "somebody", "someone", "something", "sort", "sounds", "still", "stuff", "such",
        "sure", "take", "talk", "talking", "tell", "than", "thank", "thanks", "that", "that's", "the", "their",
        "theirs", "them", "then", "there", "there's", "these", "they", "they'd", "they'll", "they're", "thing",
        "things", "think", "thinking", "this", "those", "though", "thought", "through", "time", "times", "to",
        "today", "together", "tomorrow", "too", "totally", "try", "trying", "two", "uh", "um", "under", "until",
        "up", "us", "use", "used", "using", "very", "wait", "want", "wanted", "wants", "was", "wasn't", "way",
        "we", "we'd", "we'll", "we're", "we've", "week", "weeks", "well", "went", "were", "weren't", "what",
        "what's", "when", "where", "whether", "which", "while", "who", "whole", "why", "will", "with", "without",
        "won't", "work", "would", "wouldn't", "yeah", "year", "years", "yep", "yes", "yesterday", "yet", "you",
        "you'd", "you'll", "you're", "you've", "your", "yours",
    };

    public static bool Contains(string word) => Words.Contains(word);
}
