package dev.herald.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.chat.entity.ChatError;
import dev.herald.problem.Problem;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The answer for every error the server itself reports inside Herald's context (web.xml's default
 * error page): a body the server could not read (Tomcat answers a bad chunk itself), an exception
 * that escaped the application, a static file that is not there. Without it the server writes its
 * HTML page, with its version and often a stack trace. Problem details everywhere, OpenAI's error
 * shape on the chat endpoints; nothing from the failure itself reaches the client.
 */
@WebServlet(urlPatterns = ErrorPage.PATH)
public class ErrorPage extends HttpServlet {

  static final String PATH = "/error";

  /** A request attribute: what to tell the client, for an error Herald itself sent. */
  static final String DETAIL = "dev.herald.web.ErrorPage.detail";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = Logger.getLogger(ErrorPage.class.getName());

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = code instanceof Integer number && number >= 400 ? number : 404;
    Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    String path = uri instanceof String text ? text : request.getRequestURI();
    Object own = request.getAttribute(DETAIL);
    String detail = own instanceof String given ? given : detail(status);
    if (response.isCommitted()) {
      // a stream that failed after its head: there is no answer left to give
      return;
    }
    response.setStatus(status);
    response.setCharacterEncoding("UTF-8");
    try {
      if (isChat(request.getContextPath(), path)) {
        response.setContentType("application/json");
        JSON.writeValue(response.getOutputStream(), ChatError.forStatus(status, detail, null));
      } else {
        response.setContentType(Problem.MEDIA_TYPE);
        JSON.writeValue(response.getOutputStream(), Problem.of(status, detail));
      }
    } catch (IOException gone) {
      // the client left before its error could reach it: nothing for the server's log
      LOG.log(Level.FINE, "The client left before its error answer", gone);
    }
  }

  static String detail(int status) {
    return switch (status) {
      case 400 -> "The request is malformed: its framing, headers or body could not be read.";
      case 404 -> "There is no resource at this path.";
      case 405 -> "This resource does not support that method.";
      case 408 -> "The request took too long to arrive.";
      case 413 -> "The request is too large.";
      default ->
          status >= 500
              ? "The server could not complete the request."
              : "The request cannot be answered as sent.";
    };
  }

  /** The chat endpoints, which OpenAI's clients call: they expect OpenAI's error shape. */
  private static boolean isChat(String contextPath, String path) {
    String inside = path.startsWith(contextPath) ? path.substring(contextPath.length()) : path;
    return inside.startsWith("/api/chat/") || inside.equals("/api/models");
  }
}
