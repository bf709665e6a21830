using System.Net;
using System.Text;
using System.Text.Json;

namespace Analysis.Kernel.Display;

/// <summary>A column of a <see cref="TablePreview"/>: its name and the type shown under it.</summary>
/// <param name="Name">The column's name.</param>
/// <param name="Type">The column's type as the user knows it (e.g. <c>int</c>, <c>string?</c>, <c>Date32</c>).</param>
public sealed record TableColumn(string Name, string Type);

/// <summary>One cell's text, and a CSS class for cells that need marking (e.g. <c>suppressed</c>).</summary>
/// <param name="Text">What the cell shows.</param>
/// <param name="Class">A CSS class, or null.</param>
/// <param name="Title">A tooltip, or null.</param>
public readonly record struct TableCell(string Text, string? Class = null, string? Title = null)
{
    /// <summary>A plain cell.</summary>
    public static implicit operator TableCell(string text) => new(text);
}

/// <summary>
/// The first rows of a table (a frame, a record batch, a per-site result) and how many rows
/// it has in all: what <see cref="PagedHtmlTable"/> renders.
/// </summary>
/// <param name="Columns">The columns, with types.</param>
/// <param name="Rows">The preview rows; each has one cell per column.</param>
/// <param name="TotalRows">Rows in the whole table.</param>
/// <param name="Caption">A line above the table (e.g. the type and shape), or null.</param>
/// <param name="Footer">Rows after the data (e.g. a total), not paged.</param>
public sealed record TablePreview(IReadOnlyList<TableColumn> Columns, IReadOnlyList<TableCell[]> Rows, long TotalRows,
    string? Caption = null, IReadOnlyList<TableCell[]>? Footer = null);

/// <summary>
/// Renders a <see cref="TablePreview"/> as one HTML table: column names with their types, the
/// first page of rows as static HTML (readable without JavaScript, e.g. on GitHub), and, when
/// the preview has more rows than a page, the preview rows as JSON with a small inline pager.
/// </summary>
public static class PagedHtmlTable
{
    /// <summary>Rows per page.</summary>
    public const int PageSize = 25;

    /// <summary>Most preview rows read from a table, whatever their size.</summary>
    public const int MaxPreviewRows = 1_000;

    /// <summary>Characters of cell text embedded for paging before the preview stops, keeping the output well under 1 MB.</summary>
    public const int MaxPreviewCharacters = 400_000;

    /// <summary>The HTML for <paramref name="preview"/>.</summary>
    public static string Render(TablePreview preview)
    {
        var id = "t" + Guid.NewGuid().ToString("N")[..12];
        var html = new StringBuilder(4096);
        html.Append("<div class=\"analysis-table\" id=\"").Append(id).Append("\">");
        html.Append("<style>#").Append(id).Append(" td.suppressed{background:repeating-linear-gradient(45deg,#eee,#eee 4px,#fff 4px,#fff 8px);font-style:italic}")
            .Append('#').Append(id).Append(" th small{font-weight:normal;color:#888}")
            .Append('#').Append(id).Append(" tfoot td{font-weight:bold}</style>");
        if (preview.Caption is not null) html.Append("<div>").Append(Escape(preview.Caption)).Append("</div>");
        html.Append("<table><thead><tr>");
        foreach (var c in preview.Columns)
            html.Append("<th>").Append(Escape(c.Name)).Append("<br><small>").Append(Escape(c.Type)).Append("</small></th>");
        html.Append("</tr></thead><tbody>");
        foreach (var row in preview.Rows.Take(PageSize)) AppendRow(html, row);
        html.Append("</tbody>");
        if (preview.Footer is { Count: > 0 })
        {
            html.Append("<tfoot>");
            foreach (var row in preview.Footer) AppendRow(html, row);
            html.Append("</tfoot>");
        }
        html.Append("</table>");
        html.Append("<div class=\"pager\">").Append(Summary(preview.Rows.Count, preview.TotalRows)).Append("</div>");
        if (preview.Rows.Count > PageSize) AppendPager(html, id, preview.Rows);
        html.Append("</div>");
        return html.ToString();
    }

    private static string Summary(int shown, long total) =>
        shown >= total ? $"{total:N0} rows" : $"{total:N0} rows; the first {shown:N0} are previewed";

    private static void AppendRow(StringBuilder html, TableCell[] row)
    {
        html.Append("<tr>");
        foreach (var cell in row)
        {
            html.Append("<td");
            if (cell.Class is not null) html.Append(" class=\"").Append(Escape(cell.Class)).Append('"');
            if (cell.Title is not null) html.Append(" title=\"").Append(Escape(cell.Title)).Append('"');
            html.Append('>').Append(Escape(cell.Text)).Append("</td>");
        }
        html.Append("</tr>");
    }

    private static void AppendPager(StringBuilder html, string id, IReadOnlyList<TableCell[]> rows)
    {
        // Rows travel as [text, class] pairs; the pager rebuilds the body from them, escaping as it goes.
        var data = JsonSerializer.Serialize(rows.Select(r => r.Select(c => c.Class is null ? (object)c.Text : new[] { c.Text, c.Class })));
        html.Append("<script type=\"application/json\" class=\"rows\">").Append(data.Replace("</", "<\\/")).Append("</script>");
        html.Append("<script>(function(){var root=document.getElementById('").Append(id).Append("');if(!root)return;")
            .Append("var rows=JSON.parse(root.querySelector('script.rows').textContent),size=").Append(PageSize)
            .Append(",page=0,pages=Math.ceil(rows.length/size),body=root.querySelector('tbody'),pager=root.querySelector('.pager'),note=pager.textContent;")
            .Append("function esc(s){var d=document.createElement('span');d.textContent=s;return d.innerHTML;}")
            .Append("function show(){body.innerHTML=rows.slice(page*size,page*size+size).map(function(r){return '<tr>'+r.map(function(c){")
            .Append("return Array.isArray(c)?'<td class=\"'+esc(c[1])+'\">'+esc(c[0])+'</td>':'<td>'+esc(c)+'</td>';}).join('')+'</tr>';}).join('');")
            .Append("pager.innerHTML='';[['«',0],['‹',page-1],['›',page+1],['»',pages-1]].forEach(function(b){var e=document.createElement('button');")
            .Append("e.textContent=b[0];e.disabled=b[1]<0||b[1]>=pages||b[1]==page;e.onclick=function(){page=b[1];show();};pager.appendChild(e);});")
            .Append("pager.appendChild(document.createTextNode(' page '+(page+1)+' of '+pages+' · '+note));}show();})();</script>");
    }

    private static string Escape(string s) => WebUtility.HtmlEncode(s);
}
