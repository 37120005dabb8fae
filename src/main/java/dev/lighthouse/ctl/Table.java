package dev.lighthouse.ctl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Rows of text in aligned columns, separated by two spaces, the last column unpadded. */
final class Table {

    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
        rows.add(header);
    }

    Table row(String... cells) {
        String[] copy = Arrays.copyOf(cells, rows.get(0).length);
        for (int i = 0; i < copy.length; i++) {
            copy[i] = copy[i] == null ? "-" : copy[i];
        }
        rows.add(copy);
        return this;
    }

    void print(Output output) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(row[i]);
                if (i < columns - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length() + 2));
                }
            }
            output.line(line.toString().stripTrailing());
        }
    }
}
