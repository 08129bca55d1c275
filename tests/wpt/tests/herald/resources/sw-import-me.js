self.importedValue = "imported";
