package dev.spotter.catalog;

/** A catalog file that cannot be read: the message names the file, the line and the column that were wrong. */
public class CatalogFormatException extends RuntimeException {
    private final String source;
    private final int line;
    private final String column;

    public CatalogFormatException(String source, int line, String column, String problem) {
        super(source + ": line " + line + (column.isEmpty() ? "" : ", column " + column) + ": " + problem);
        this.source = source;
        this.line = line;
        this.column = column;
    }

    public String source() {
        return source;
    }

    /** 1-based line number; the header is line 1. */
    public int line() {
        return line;
    }

    /** The column's header name, or empty when the problem is not in one column. */
    public String column() {
        return column;
    }
}
