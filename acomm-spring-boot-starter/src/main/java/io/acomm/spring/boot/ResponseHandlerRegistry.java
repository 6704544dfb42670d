package io.acomm.spring.boot;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.acomm.Request;
import io.acomm.Response;
import io.acomm.ResponseCallback;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracker's fallback callback: runs every {@link ResponseHandler} method that matches a response. A method that
 * throws is logged with the request's id and task; the others still run.
 */
public class ResponseHandlerRegistry implements ResponseCallback {

    private static final Logger logger = LoggerFactory.getLogger(ResponseHandlerRegistry.class);

    private final List<ResponseHandlerMethod> methods = new CopyOnWriteArrayList<>();

    void register(ResponseHandlerMethod method) {
        this.methods.add(method);
    }

    /**
     * @return how many handler methods are registered
     */
    public int size() {
        return this.methods.size();
    }

    @Override
    public void handle(Request request, Response response) {
        boolean handled = false;
        for (ResponseHandlerMethod method : this.methods) {
            if (method.matches(request, response)) {
                handled = true;
                try {
                    method.invoke(request, response);
                }
                catch (Exception ex) {
                    logger.warn("@ResponseHandler {} failed for request {} (task '{}'): {}", method, request.id(),
                            request.task(), ex.toString(), ex);
                }
            }
        }
        if (!handled) {
            logger.debug("no @ResponseHandler for the response to request {} (task '{}')", request.id(),
                    request.task());
        }
    }
}
