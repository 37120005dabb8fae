package dev.lighthouse.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DocPathTest {

    @Test
    void aLeadingSlashIsOptionalAndTheRootIsEmpty() {
        assertEquals("providers/beta", DocPath.encode("/providers/beta"));
        assertEquals("providers/beta", DocPath.encode("providers/beta"));
        assertEquals("", DocPath.encode("/"));
        assertEquals("", DocPath.encode(""));
    }

    @Test
    void everySegmentIsPercentEncodedAsUtf8() {
        assertEquals("a%20b/%C3%BCn%C3%AF/x%3Fy%23z%3B1", DocPath.encode("a b/ünï/x?y#z;1"));
        assertEquals("list/-", DocPath.encode("list/-"));
        assertEquals("k.e_y~", DocPath.encode("k.e_y~"));
    }

    @Test
    void escapesTheUserWrotePassThroughAndAStrayPercentIsEscaped() {
        assertEquals("a%2Fb", DocPath.encode("a%2Fb"));
        assertEquals("a%2fb", DocPath.encode("a%2fb"));
        assertEquals("100%25", DocPath.encode("100%"));
        assertEquals("%25zz", DocPath.encode("%zz"));
    }

    @Test
    void emptySegmentsAndDotsAreLeftForTheServerToRefuse() {
        assertEquals("a//b", DocPath.encode("a//b"));
        assertEquals("a/../b", DocPath.encode("a/../b"));
        assertEquals("a/", DocPath.encode("a/"));
    }

    @Test
    void aLiteralSegmentEscapesEvenPercentAndSlash() {
        assertEquals("ops%2Fx%2541", DocPath.encodeLiteral("ops/x%41"));
    }
}
