namespace Analysis.Kernel.LanguageServices;

/// <summary>Completion candidates for a cursor position.</summary>
/// <param name="Matches">The texts that may replace <c>[Start, End)</c>, best first.</param>
/// <param name="Start">Start of the text to replace (UTF-16 index into the code).</param>
/// <param name="End">End of the text to replace (UTF-16 index).</param>
/// <param name="Kinds">For each match, what it is (method, property, keyword, namespace, ...), for front ends that show types.</param>
public sealed record CompletionResult(IReadOnlyList<string> Matches, int Start, int End, IReadOnlyList<string> Kinds);

/// <summary>What inspect found at a cursor position.</summary>
/// <param name="PlainText">Signature and documentation as plain text.</param>
/// <param name="Markdown">The same as Markdown, for front ends that render it.</param>
public sealed record InspectionResult(string PlainText, string Markdown);

/// <summary>The answer to "can this cell run as it is?", as <c>is_complete_reply</c> carries it.</summary>
public enum Completeness
{
    /// <summary>The code is ready to run.</summary>
    Complete,
    /// <summary>The code needs more lines (an open brace, an unfinished statement).</summary>
    Incomplete,
    /// <summary>The code has an error no further line can fix.</summary>
    Invalid,
    /// <summary>The kernel cannot tell.</summary>
    Unknown,
}

/// <summary>Completeness with the indent to offer on the next line when incomplete.</summary>
public sealed record CompletenessResult(Completeness Status, string Indent);
