# kind: wrong
# why: Logs the tensor returned by self.train_acc(...)/self.val_acc(...) instead of the metric, so Lightning never resets the metrics between epochs; violates "passe a própria métrica a self.log ... (o Lightning a calcula e zera a cada época)" and "a correção confere que ela foi zerada".
class CIFARClassifier(L.LightningModule):
    """Um classificador qualquer (self.model) embrulhado para o Trainer do Lightning."""

    def __init__(self, model: nn.Module, num_classes: int = 10, lr: float = 1e-3, weight_decay: float = 0.01):
        super().__init__()
        self.save_hyperparameters(ignore=["model"])  # lr e weight_decay ficam em self.hparams
        self.model = model
        self.loss_fn = nn.CrossEntropyLoss()
        # Uma métrica para cada fase: cada uma acumula os seus acertos ao longo da época.
        self.train_acc = MulticlassAccuracy(num_classes=num_classes, average="micro")
        self.val_acc = MulticlassAccuracy(num_classes=num_classes, average="micro")
        # Teste: acurácia global, por classe (average=None) e a matriz de confusão.
        self.test_acc = MulticlassAccuracy(num_classes=num_classes, average="micro")
        self.test_acc_per_class = MulticlassAccuracy(num_classes=num_classes, average=None)
        self.test_confusion = MulticlassConfusionMatrix(num_classes=num_classes, normalize="true")

    def forward(self, x):
        return self.model(x)

    def training_step(self, batch, batch_idx):
        """Um passo de treino: devolve a loss do batch (o Lightning faz backward e step).

        Registre com self.log a loss como "train_loss" (prog_bar=True), a cada passo, e a
        acurácia como "train_acc", por época: atualize self.train_acc com (logits, y) e passe a
        própria métrica a self.log, com on_step=False e on_epoch=True (o Lightning a calcula e
        zera a cada época).
        """
        images, labels = batch
        logits = self(images)
        loss = self.loss_fn(logits, labels)
        self.log("train_loss", loss, prog_bar=True)
        acc = self.train_acc(logits, labels)
        self.log("train_acc", acc, on_step=False, on_epoch=True)
        return loss

    def validation_step(self, batch, batch_idx):
        """O mesmo na validação, sem devolver nada: "val_loss" e "val_acc" (com self.val_acc)."""
        images, labels = batch
        logits = self(images)
        self.log("val_loss", self.loss_fn(logits, labels))
        self.log("val_acc", self.val_acc(logits, labels), on_step=False, on_epoch=True)

    def test_step(self, batch, batch_idx):
        images, labels = batch
        scores = self.model(images)
        for metric in (self.test_acc, self.test_acc_per_class, self.test_confusion):
            metric.update(scores, labels)
        self.log("test_acc", self.test_acc, on_step=False, on_epoch=True)

    def configure_optimizers(self):
        """O otimizador e o agendador da taxa de aprendizado, como o Lightning os espera.

        AdamW sobre self.parameters() com lr = self.hparams.lr e weight_decay =
        self.hparams.weight_decay, e um StepLR que multiplica a taxa por 0,5 a cada 10
        épocas (um passo do agendador por época). Devolva {"optimizer": ..., "lr_scheduler": ...}.
        """
        optimizer = torch.optim.AdamW(self.parameters(), lr=self.hparams.lr, weight_decay=self.hparams.weight_decay)
        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=10, gamma=0.5)
        return {"optimizer": optimizer, "lr_scheduler": {"scheduler": scheduler, "interval": "epoch", "frequency": 1}}
