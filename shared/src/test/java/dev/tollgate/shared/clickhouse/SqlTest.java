package dev.tollgate.shared.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlTest {

    @Nested
    class StringLiterals {

        @Test
        void plainTextIsWrappedInSingleQuotes() {
            assertThat(Sql.string("acme")).isEqualTo("'acme'");
        }

        @Test
        void emptyStringIsTwoQuotes() {
            assertThat(Sql.string("")).isEqualTo("''");
        }

        @Test
        void singleQuoteIsBackslashEscaped() {
            assertThat(Sql.string("O'Brien")).isEqualTo("'O\\'Brien'");
        }

        @Test
        void backslashIsDoubled() {
            assertThat(Sql.string("a\\b")).isEqualTo("'a\\\\b'");
        }

        @Test
        void backslashBeforeQuoteCannotCloseTheLiteral() {
            // A trailing backslash must not swallow the escaping of the following quote.
            assertThat(Sql.string("\\'")).isEqualTo("'\\\\\\''");
            assertThat(Sql.string("x\\")).isEqualTo("'x\\\\'");
        }

        @Test
        void injectionAttemptStaysInsideOneLiteral() {
            String quoted = Sql.string("' OR 1=1 --");
            assertThat(quoted).isEqualTo("'\\' OR 1=1 --'");
            assertThat(unescapedQuotes(quoted)).isEqualTo(2);
        }

        @Test
        void newlineCarriageReturnAndTabAreEscaped() {
            assertThat(Sql.string("a\nb\rc\td")).isEqualTo("'a\\nb\\rc\\td'");
        }

        @Test
        void nulCharacterIsEscaped() {
            assertThat(Sql.string("a\0b")).isEqualTo("'a\\0b'");
        }

        @Test
        void quotedOutputContainsNoRawControlCharacters() {
            assertThat(Sql.string("\n\r\t\0")).doesNotContain("\n", "\r", "\t", "\0");
        }

        @Test
        void unicodeIsPassedThroughUnchanged() {
            assertThat(Sql.string("Zürich – 東京 😀")).isEqualTo("'Zürich – 東京 😀'");
        }

        @Test
        void doubleQuotesAndBackticksNeedNoEscaping() {
            assertThat(Sql.string("say \"hi\" `x`")).isEqualTo("'say \"hi\" `x`'");
        }

        @Test
        void listOfStringsBecomesParenthesisedCommaSeparatedLiterals() {
            assertThat(Sql.strings(List.of("a", "b'c"))).isEqualTo("('a', 'b\\'c')");
        }

        @Test
        void emptyListBecomesEmptyParentheses() {
            assertThat(Sql.strings(List.of())).isEqualTo("()");
        }

        /** Counts quotes that are not preceded by an escaping backslash. */
        private int unescapedQuotes(String sql) {
            int count = 0;
            for (int i = 0; i < sql.length(); i++) {
                char c = sql.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '\'') {
                    count++;
                }
            }
            return count;
        }
    }

    @Nested
    class Identifiers {

        @ParameterizedTest
        @ValueSource(strings = {"events", "_private", "window_start", "A1", "x"})
        void plainIdentifiersAreBacktickQuoted(String name) {
            assertThat(Sql.identifier(name)).isEqualTo("`" + name + "`");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "1abc", "a-b", "a b", "a.b", "a`b", "a'b", "a;drop", "é", "tab\t",
                "name\n", "a\0", "`x`"})
        void nonPlainIdentifiersAreRejected(String name) {
            assertThatThrownBy(() -> Sql.identifier(name))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a plain identifier");
        }
    }
}
