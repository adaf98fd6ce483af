package io.github.neuralode.models.lookahead;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;

import io.github.neuralode.train.FitLoop;
import io.github.neuralode.train.FitResult;

import org.junit.jupiter.api.Test;

import java.util.Map;

class SpiralFitTest {

    @Test
    void adamAndLookaheadAdamCutTheSpiralFitLossFourfoldIn30Epochs() {
        for (SpiralFit.Method method : SpiralFit.Method.values()) {
            FitResult result =
                    SpiralFit.train(
                            method, 30, 1, null, FitLoop.ResumeMode.NEVER, null, Map.of(),
                            Device.cpu());
            double[] loss = result.curve("train_loss");
            // measured: 10.95 -> 0.55 (Adam) and -> 1.31 (Lookahead(Adam)) after 30 epochs
            assertTrue(
                    loss[loss.length - 1] < 0.25 * loss[0],
                    method + ": " + loss[0] + " -> " + loss[loss.length - 1]);
        }
    }
}
