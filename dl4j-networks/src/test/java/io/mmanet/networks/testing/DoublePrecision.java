package io.mmanet.networks.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code @ExtendWith(DoublePrecision.class)}: ND4J's default data types are DOUBLE for the test
 * class (gradient checks need it) and restored afterwards, so other classes in the same JVM keep
 * their defaults.
 */
public final class DoublePrecision implements BeforeAllCallback, AfterAllCallback {
    private DataType previousDefault;
    private DataType previousFloatingDefault;

    @Override
    public void beforeAll(ExtensionContext context) {
        previousDefault = Nd4j.dataType();
        previousFloatingDefault = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Nd4j.setDefaultDataTypes(previousDefault, previousFloatingDefault);
    }
}
