package dev.herald.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Refuses a query string with a {@code %} that is not followed by two hex digits ({@code ?a=%zz})
 * with a 400. Jersey decodes the query of every form-typed request before it matches anything, and
 * its decoder's exception escapes to the server: a 500 and a SEVERE with a stack trace. Elsewhere
 * such an escape would reach a resource undecoded, as if it were the text the client meant.
 */
@WebFilter(urlPatterns = "/api/*", asyncSupported = true)
public class QueryEscapes extends HttpFilter {

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String query = request.getQueryString();
    if (query != null && !wellEscaped(query)) {
      request.setAttribute(
          ErrorPage.DETAIL,
          "The query string has a '%' that is not followed by two hexadecimal digits.");
      response.sendError(400);
      return;
    }
    chain.doFilter(request, response);
  }

  static boolean wellEscaped(String query) {
    for (int i = 0; i < query.length(); i++) {
      if (query.charAt(i) == '%'
          && (i + 2 >= query.length()
              || !isHex(query.charAt(i + 1))
              || !isHex(query.charAt(i + 2)))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0 && c < 128;
  }
}
