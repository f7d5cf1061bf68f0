package dev.spotter.cli;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with columns padded to their widest cell, for terminal output. */
public final class TextTable {
    private final String[] header;
    private final List<String[]> rows = new ArrayList<>();
    private final boolean[] right;

    public TextTable(String... header) {
        this.header = header.clone();
        this.right = new boolean[header.length];
    }

    public TextTable row(String... cells) {
        if (cells.length != header.length) {
            throw new IllegalArgumentException("expected " + header.length + " cells, got " + cells.length);
        }
        rows.add(cells.clone());
        return this;
    }

    /** Right-aligns a column (numbers). */
    public TextTable alignRight(int column) {
        right[column] = true;
        return this;
    }

    public String render() {
        int[] widths = new int[header.length];
        for (int c = 0; c < header.length; c++) {
            widths[c] = header[c].length();
        }
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        StringBuilder text = new StringBuilder();
        line(text, header, widths);
        for (String[] row : rows) {
            line(text, row, widths);
        }
        return text.toString();
    }

    private void line(StringBuilder text, String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) {
                line.append("  ");
            }
            String pad = " ".repeat(widths[c] - cells[c].length());
            line.append(right[c] ? pad + cells[c] : cells[c] + (c == cells.length - 1 ? "" : pad));
        }
        text.append(line.toString().stripTrailing()).append('\n');
    }
}
