def configure_optimizers(self):
    """O otimizador e o agendador da taxa de aprendizado, como o Lightning os espera.

    AdamW sobre self.parameters() com lr = self.hparams.lr e weight_decay =
    self.hparams.weight_decay, e um StepLR que multiplica a taxa por 0,5 a cada 10
    épocas. Devolva {"optimizer": ..., "lr_scheduler": ...}.
    """
    ### BEGIN SOLUTION
    optimizer = torch.optim.AdamW(self.parameters(), lr=self.hparams.lr, weight_decay=self.hparams.weight_decay)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=10, gamma=0.5)
    return {"optimizer": optimizer, "lr_scheduler": scheduler}
    ### END SOLUTION


CIFARClassifier.configure_optimizers = configure_optimizers
